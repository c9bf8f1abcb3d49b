/* fuzz-imap.c: libFuzzer target for the IMAP response parser and IMAP string quoting
 *
 * The input is a server's side of a dialogue, one response per line. Besides "no crash,
 * no leak, no undefined behaviour" it checks what the parser promises, and that quoting
 * any line (as if it were a password) round-trips.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "ms-reply.h"
#include "ms-sasl.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static gboolean
is_upper (const char *s)
{
  for (; *s != '\0'; s++)
    if (g_ascii_islower (*s))
      return FALSE;
  return TRUE;
}

static void
check_quote (const char *value)
{
  g_autofree char *quoted = NULL;
  GString *back;

  if (ms_imap_string_form (value) != MS_IMAP_STRING_QUOTED)
    return;
  quoted = ms_imap_quote (value);
  g_assert_true (quoted[0] == '"' && quoted[strlen (quoted) - 1] == '"');
  /* undo the quoting: the value comes back exactly */
  back = g_string_new (NULL);
  for (const char *p = quoted + 1; p[1] != '\0'; p++)
    {
      if (*p == '\\')
        {
          p++;
          g_assert_true (*p == '\\' || *p == '"');
        }
      else
        g_assert_true (*p != '"');
      g_string_append_c (back, *p);
    }
  g_assert_cmpstr (back->str, ==, value);
  g_string_free (back, TRUE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = g_strndup ((const char *) data, size);
  g_auto(GStrv) lines = g_strsplit (input, "\n", -1);
  g_autoptr(GPtrArray) caps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) mechs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);
      MsImapResponse r = { 0 };
      gboolean ok;

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';

      ok = ms_imap_response_parse (line, &r);
      g_assert_true (ok == (r.kind != MS_IMAP_RESPONSE_INVALID));
      switch (r.kind)
        {
        case MS_IMAP_RESPONSE_TAGGED:
          g_assert_true (r.tag != NULL && *r.tag != '\0');
          g_assert_null (strchr (r.tag, ' '));
          g_assert_true (r.status == MS_IMAP_STATUS_OK || r.status == MS_IMAP_STATUS_NO
                         || r.status == MS_IMAP_STATUS_BAD);
          g_assert_nonnull (r.text);
          break;
        case MS_IMAP_RESPONSE_UNTAGGED:
          g_assert_null (r.tag);
          if (r.status == MS_IMAP_STATUS_NONE)
            {
              g_assert_true (r.name != NULL && *r.name != '\0' && is_upper (r.name));
              g_assert_nonnull (r.data);
              if (strcmp (r.name, "CAPABILITY") == 0)
                ms_imap_parse_capabilities (r.data, caps, mechs);
            }
          else
            g_assert_nonnull (r.text);
          break;
        case MS_IMAP_RESPONSE_CONTINUATION:
          g_assert_nonnull (r.text);
          break;
        case MS_IMAP_RESPONSE_INVALID:
        default:
          g_assert_null (r.tag);
          g_assert_null (r.text);
          break;
        }
      if (r.code != NULL)
        {
          g_assert_true (*r.code != '\0' && is_upper (r.code));
          g_assert_null (strchr (r.code, ']'));
          if (strcmp (r.code, "CAPABILITY") == 0)
            ms_imap_parse_capabilities (r.code_data, caps, mechs);
        }
      ms_imap_response_clear (&r);

      check_quote (line);
      if (g_utf8_validate (line, -1, NULL))
        {
          g_autofree char *b64 = ms_sasl_plain_encode (NULL, "user", line);
          gsize n = 0;
          g_autofree guchar *raw = g_base64_decode (b64, &n);

          g_assert_cmpuint (n, ==, 6 + strlen (line));
          g_assert_cmpmem (raw + 6, n - 6, line, strlen (line));
        }
    }

  for (guint i = 0; i < mechs->len; i++)
    g_assert_true (is_upper (g_ptr_array_index (mechs, i)));
  return 0;
}
