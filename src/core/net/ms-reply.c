/* ms-reply.c: parsers for IMAP, POP3 and SMTP server replies (untrusted input)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-reply"

#include "config.h"

#include <string.h>

#include "ms-reply.h"

void
ms_reply_add_unique_upper (GPtrArray  *array,
                           const char *value)
{
  g_autofree char *upper = NULL;

  if (array == NULL || value == NULL || *value == '\0')
    return;
  upper = g_ascii_strup (value, -1);
  for (guint i = 0; i < array->len; i++)
    if (strcmp (g_ptr_array_index (array, i), upper) == 0)
      return;
  g_ptr_array_add (array, g_steal_pointer (&upper));
}

/* Adds the non-empty space-separated words of @words from index @first on. */
static void
add_words_upper (GPtrArray  *array,
                 char      **words,
                 guint       first)
{
  for (guint i = first; words[i] != NULL; i++)
    ms_reply_add_unique_upper (array, words[i]);
}

/* ------------------------------------------------------------------------------------ */
/* IMAP                                                                                  */

void
ms_imap_response_clear (MsImapResponse *response)
{
  g_clear_pointer (&response->tag, g_free);
  g_clear_pointer (&response->code, g_free);
  g_clear_pointer (&response->code_data, g_free);
  g_clear_pointer (&response->text, g_free);
  g_clear_pointer (&response->name, g_free);
  g_clear_pointer (&response->data, g_free);
  response->kind = MS_IMAP_RESPONSE_INVALID;
  response->status = MS_IMAP_STATUS_NONE;
  response->literal = FALSE;
}

static MsImapStatus
status_from_word (const char *word,
                  gsize       len)
{
  static const struct { const char *word; MsImapStatus status; } words[] = {
    { "OK", MS_IMAP_STATUS_OK }, { "NO", MS_IMAP_STATUS_NO }, { "BAD", MS_IMAP_STATUS_BAD },
    { "PREAUTH", MS_IMAP_STATUS_PREAUTH }, { "BYE", MS_IMAP_STATUS_BYE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (strlen (words[i].word) == len && g_ascii_strncasecmp (word, words[i].word, len) == 0)
      return words[i].status;
  return MS_IMAP_STATUS_NONE;
}

/* resp-text: ["[" code [SP data] "]" SP] text */
static void
parse_resp_text (const char     *p,
                 MsImapResponse *response)
{
  while (*p == ' ')
    p++;
  if (*p == '[')
    {
      const char *end = strchr (p, ']');

      if (end != NULL)
        {
          const char *atom = p + 1;
          const char *atom_end = atom;

          while (atom_end < end && *atom_end != ' ')
            atom_end++;
          if (atom_end > atom)
            response->code = g_ascii_strup (atom, atom_end - atom);
          if (atom_end < end)
            response->code_data = g_strndup (atom_end + 1, end - atom_end - 1);
          p = end + 1;
          while (*p == ' ')
            p++;
        }
    }
  response->text = g_strdup (p);
}

static gboolean
is_tag_char (char c)
{
  /* ASTRING-CHAR minus "+": no controls, space, ( ) { % * " \ ] */
  return c > 0x20 && c < 0x7f && strchr ("(){%*\"\\]+", c) == NULL;
}

static gboolean
ends_with_literal (const char *line)
{
  gsize len = strlen (line);
  const char *p;

  if (len < 3 || line[len - 1] != '}')
    return FALSE;
  p = line + len - 2;
  if (*p == '+' || *p == '-')
    p--;
  if (p <= line || !g_ascii_isdigit (*p))
    return FALSE;
  while (p > line && g_ascii_isdigit (*p))
    p--;
  return *p == '{';
}

/* Skips the spaces at *@p and finds the word after them: its start in @word, its length
 * returned (0: none); *@p ends up right after it. */
static gsize
next_word (const char **p,
           const char **word)
{
  const char *q = *p;

  while (*q == ' ')
    q++;
  *word = q;
  while (*q != '\0' && *q != ' ')
    q++;
  *p = q;
  return q - *word;
}

gboolean
ms_imap_response_parse (const char     *line,
                        MsImapResponse *response)
{
  const char *p;
  const char *word;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (response != NULL, FALSE);

  ms_imap_response_clear (response);
  response->literal = ends_with_literal (line);

  if (line[0] == '+' && (line[1] == '\0' || line[1] == ' '))
    {
      response->kind = MS_IMAP_RESPONSE_CONTINUATION;
      response->text = g_strdup (line[1] == ' ' ? line + 2 : "");
      return TRUE;
    }

  if (line[0] == '*' && line[1] == ' ')
    {
      gsize len;

      response->kind = MS_IMAP_RESPONSE_UNTAGGED;
      p = line + 2;
      len = next_word (&p, &word);
      if (len == 0)
        goto invalid;
      response->status = status_from_word (word, len);
      if (response->status != MS_IMAP_STATUS_NONE)
        {
          parse_resp_text (p, response);
          return TRUE;
        }
      /* message data: "* 3 EXISTS", or "* CAPABILITY …" */
      if (g_ascii_isdigit (*word))
        {
          for (const char *q = word; q < p; q++)
            if (!g_ascii_isdigit (*q))
              goto invalid;
          len = next_word (&p, &word);
          if (len == 0)
            goto invalid;
        }
      response->name = g_ascii_strup (word, len);
      while (*p == ' ')
        p++;
      response->data = g_strdup (p);
      return TRUE;
    }

  /* tagged */
  p = line;
  while (is_tag_char (*p))
    p++;
  if (p == line || *p != ' ')
    goto invalid;
  response->tag = g_strndup (line, p - line);
  p++;
  word = p;
  while (*p != '\0' && *p != ' ')
    p++;
  response->status = status_from_word (word, p - word);
  if (response->status != MS_IMAP_STATUS_OK && response->status != MS_IMAP_STATUS_NO
      && response->status != MS_IMAP_STATUS_BAD)
    goto invalid;
  response->kind = MS_IMAP_RESPONSE_TAGGED;
  parse_resp_text (p, response);
  return TRUE;

invalid:
  {
    gboolean literal = response->literal;

    ms_imap_response_clear (response);
    response->literal = literal;
  }
  return FALSE;
}

void
ms_imap_parse_capabilities (const char *atoms,
                            GPtrArray  *capabilities,
                            GPtrArray  *mechanisms)
{
  g_auto(GStrv) words = NULL;

  if (atoms == NULL)
    return;
  words = g_strsplit (atoms, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (capabilities != NULL)
        g_ptr_array_add (capabilities, g_strdup (words[i]));
      if (g_ascii_strncasecmp (words[i], "AUTH=", 5) == 0)
        ms_reply_add_unique_upper (mechanisms, words[i] + 5);
    }
}

/* ------------------------------------------------------------------------------------ */
/* POP3                                                                                  */

MsPop3Status
ms_pop3_parse_status (const char  *line,
                      char       **code,
                      const char **text)
{
  MsPop3Status status;
  const char *p;

  g_return_val_if_fail (line != NULL, MS_POP3_STATUS_INVALID);

  if (code != NULL)
    *code = NULL;
  if (text != NULL)
    *text = NULL;

  if (g_ascii_strncasecmp (line, "+OK", 3) == 0 && (line[3] == '\0' || line[3] == ' '))
    {
      status = MS_POP3_STATUS_OK;
      p = line + 3;
    }
  else if (g_ascii_strncasecmp (line, "-ERR", 4) == 0 && (line[4] == '\0' || line[4] == ' '))
    {
      status = MS_POP3_STATUS_ERR;
      p = line + 4;
    }
  else if (line[0] == '+' && (line[1] == '\0' || line[1] == ' '))
    {
      status = MS_POP3_STATUS_CONTINUE;
      p = line + 1;
    }
  else
    return MS_POP3_STATUS_INVALID;

  while (*p == ' ')
    p++;
  /* RFC 2449 §8: "[" resp-code "]" right after the status */
  if (status != MS_POP3_STATUS_CONTINUE && *p == '[')
    {
      const char *end = strchr (p, ']');

      if (end != NULL)
        {
          if (code != NULL && end > p + 1)
            *code = g_ascii_strup (p + 1, end - p - 1);
          p = end + 1;
          while (*p == ' ')
            p++;
        }
    }
  if (text != NULL)
    *text = p;
  return status;
}

void
ms_pop3_parse_capa_line (const char *line,
                         GPtrArray  *capabilities,
                         GPtrArray  *mechanisms)
{
  g_auto(GStrv) words = NULL;

  if (line == NULL || *line == '\0')
    return;
  if (capabilities != NULL)
    g_ptr_array_add (capabilities, g_strdup (line));
  words = g_strsplit (line, " ", -1);
  if (g_ascii_strcasecmp (words[0], "SASL") == 0)
    add_words_upper (mechanisms, words, 1);
}

/* ------------------------------------------------------------------------------------ */
/* SMTP                                                                                  */

MsSmtpReply *
ms_smtp_reply_new (void)
{
  MsSmtpReply *reply = g_new0 (MsSmtpReply, 1);

  reply->lines = g_ptr_array_new_with_free_func (g_free);
  return reply;
}

void
ms_smtp_reply_free (MsSmtpReply *reply)
{
  if (reply == NULL)
    return;
  g_ptr_array_unref (reply->lines);
  g_free (reply);
}

int
ms_smtp_reply_add_line (MsSmtpReply *reply,
                        const char  *line)
{
  guint code;

  g_return_val_if_fail (reply != NULL, -1);
  g_return_val_if_fail (line != NULL, -1);

  if (reply->complete)
    return -1;
  if (!(line[0] >= '2' && line[0] <= '5' && g_ascii_isdigit (line[1]) && g_ascii_isdigit (line[2])
        && (line[3] == '\0' || line[3] == ' ' || line[3] == '-')))
    return -1;
  code = (guint) ((line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0'));
  if (reply->code != 0 && reply->code != code)
    return -1;
  reply->code = code;
  g_ptr_array_add (reply->lines, g_strdup (line[3] != '\0' ? line + 4 : ""));
  reply->complete = line[3] != '-';
  return reply->complete ? 1 : 0;
}

char *
ms_smtp_reply_dup_enhanced_code (const MsSmtpReply *reply)
{
  const char *text;
  const char *p;
  int parts = 0;

  g_return_val_if_fail (reply != NULL, NULL);

  if (reply->lines->len == 0)
    return NULL;
  text = g_ptr_array_index (reply->lines, reply->lines->len - 1);
  /* class "." subject "." detail: 1 digit, 1-3 digits, 1-3 digits */
  if (!(text[0] >= '2' && text[0] <= '5') || text[1] != '.')
    return NULL;
  p = text + 2;
  for (parts = 0; parts < 2; parts++)
    {
      int digits = 0;

      while (g_ascii_isdigit (*p) && digits < 4)
        {
          p++;
          digits++;
        }
      if (digits == 0 || digits > 3)
        return NULL;
      if (parts == 0)
        {
          if (*p != '.')
            return NULL;
          p++;
        }
    }
  if (*p != '\0' && *p != ' ')
    return NULL;
  return g_strndup (text, p - text);
}

void
ms_smtp_parse_ehlo (const MsSmtpReply *reply,
                    GPtrArray         *capabilities,
                    GPtrArray         *mechanisms)
{
  g_return_if_fail (reply != NULL);

  /* the first line is the server's name and greeting text */
  for (guint i = 1; i < reply->lines->len; i++)
    {
      const char *line = g_ptr_array_index (reply->lines, i);
      g_auto(GStrv) words = NULL;

      if (*line == '\0')
        continue;
      if (capabilities != NULL)
        g_ptr_array_add (capabilities, g_strdup (line));
      words = g_strsplit (line, " ", -1);
      if (g_ascii_strcasecmp (words[0], "AUTH") == 0)
        add_words_upper (mechanisms, words, 1);
      else if (g_ascii_strncasecmp (words[0], "AUTH=", 5) == 0)
        {
          /* the pre-standard form: "AUTH=LOGIN PLAIN" */
          ms_reply_add_unique_upper (mechanisms, words[0] + 5);
          add_words_upper (mechanisms, words, 1);
        }
    }
}
