/* ms-dialogue.c: the command/reply dialogue of a session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-dialogue"

#include "config.h"

#include <string.h>

#include "ms-dialogue.h"
#include "ms-sasl.h"

void
ms_dialogue_init (MsDialogue            *self,
                  const MsDialogueClass *klass,
                  MsProtocol             protocol)
{
  self->klass = klass;
  self->protocol = protocol;
}

static void
free_pipelined (MsDialogue *self)
{
  if (self->pipelined == NULL)
    return;
  for (guint i = 0; i < self->pipelined->len; i++)
    ms_sasl_secret_free (g_ptr_array_index (self->pipelined, i));
  g_clear_pointer (&self->pipelined, g_ptr_array_unref);
}

void
ms_dialogue_clear (MsDialogue *self)
{
  free_pipelined (self);
  g_clear_object (&self->stream);
  g_clear_pointer (&self->reply, g_ptr_array_unref);
  g_clear_pointer (&self->tag, g_free);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  MsDialogue *d = ms_dialogue_get (task);
  GError *error = NULL;

  d->stream = ms_mail_stream_connect_finish (result, &error);
  if (d->stream == NULL)
    {
      d->klass->fail (task, error);
      return;
    }
  ms_mail_stream_set_limits (d->stream, MS_MAIL_STREAM_DEFAULT_MAX_LINE, d->max_total);
  d->reply_handler (task);
}

void
ms_dialogue_connect (GTask             *task,
                     const char        *host,
                     guint16            port,
                     MsSecurity         security,
                     MsTlsTrust        *trust,
                     guint              timeout_ms,
                     gsize              max_total,
                     MsDialogueHandler  handler)
{
  MsDialogue *d = ms_dialogue_get (task);

  d->reply_handler = handler;
  d->max_total = max_total;
  ms_mail_stream_connect_async (host, port, security, trust, timeout_ms,
                                g_task_get_cancellable (task), on_connected, task);
}

static void read_reply_line (GTask *task);

static void
on_reply_line (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  MsDialogue *d = ms_dialogue_get (task);
  GError *error = NULL;
  char *line;
  gboolean complete = FALSE;

  line = ms_mail_stream_read_line_finish (MS_MAIL_STREAM (source), result, &error);
  if (line == NULL)
    {
      d->klass->fail (task, error);
      return;
    }
  g_ptr_array_add (d->reply, line);
  if (d->reply->len > MS_DIALOGUE_MAX_REPLY_LINES)
    {
      d->klass->fail (task, g_error_new (MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TOO_MUCH_DATA,
                                         "more than %u lines in one reply",
                                         MS_DIALOGUE_MAX_REPLY_LINES));
      return;
    }

  switch (d->reply_kind)
    {
    case MS_DIALOGUE_REPLY_LINE:
      complete = TRUE;
      break;
    case MS_DIALOGUE_REPLY_POP3_MULTI:
      complete = (d->reply->len == 1 && !g_str_has_prefix (line, "+OK"))
                 || (d->reply->len > 1 && strcmp (line, ".") == 0);
      break;
    case MS_DIALOGUE_REPLY_IMAP:
    case MS_DIALOGUE_REPLY_SMTP:
      if (!d->klass->judge_line (task, line, &complete))
        return;
      break;
    default:
      g_assert_not_reached ();
    }

  if (complete)
    d->reply_handler (task);
  else
    read_reply_line (task);
}

static void
read_reply_line (GTask *task)
{
  MsDialogue *d = ms_dialogue_get (task);
  guint timeout_ms;

  if (!d->klass->step_timeout (task, &timeout_ms))
    return;
  ms_mail_stream_read_line_async (d->stream, timeout_ms, g_task_get_cancellable (task),
                                  on_reply_line, task);
}

void
ms_dialogue_expect_reply (GTask             *task,
                          MsDialogueReply    kind,
                          MsDialogueHandler  handler)
{
  MsDialogue *d = ms_dialogue_get (task);

  g_clear_pointer (&d->reply, g_ptr_array_unref);
  d->reply = g_ptr_array_new_with_free_func (g_free);
  if (d->klass->begin_reply != NULL)
    d->klass->begin_reply (task);
  d->reply_kind = kind;
  d->reply_handler = handler;
  read_reply_line (task);
}

void
ms_dialogue_expect_greeting (GTask             *task,
                             MsDialogueHandler  handler)
{
  ms_dialogue_expect_reply (task, ms_dialogue_get (task)->protocol == MS_PROTOCOL_SMTP
                                  ? MS_DIALOGUE_REPLY_SMTP : MS_DIALOGUE_REPLY_LINE, handler);
}

const char *
ms_dialogue_reply_last (MsDialogue *self)
{
  return g_ptr_array_index (self->reply, self->reply->len - 1);
}

char *
ms_dialogue_reply_join (MsDialogue *self,
                        const char *separator)
{
  char *joined;

  g_ptr_array_add (self->reply, NULL);
  joined = g_strjoinv (separator, (char **) self->reply->pdata);
  g_ptr_array_set_size (self->reply, self->reply->len - 1);
  return joined;
}

static void write_pipelined (GTask *task);

static void
on_line_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  MsDialogue *d = ms_dialogue_get (task);
  GError *error = NULL;

  if (!ms_mail_stream_write_line_finish (MS_MAIL_STREAM (source), result, &error))
    {
      d->klass->fail (task, error);
      return;
    }
  if (d->pipelined != NULL && d->pipelined->len > 0)
    {
      write_pipelined (task);
      return;
    }
  free_pipelined (d);
  ms_dialogue_expect_reply (task, d->reply_kind, d->reply_handler);
}

static void
write_line (GTask      *task,
            const char *line)
{
  MsDialogue *d = ms_dialogue_get (task);
  guint timeout_ms;

  if (!d->klass->step_timeout (task, &timeout_ms))
    return;
  ms_mail_stream_write_line_async (d->stream, line, timeout_ms, g_task_get_cancellable (task),
                                   on_line_written, task);
}

static void
write_pipelined (GTask *task)
{
  MsDialogue *d = ms_dialogue_get (task);
  char *line = g_ptr_array_steal_index (d->pipelined, 0);

  write_line (task, line);
  ms_sasl_secret_free (line);
}

/* Sends @line as is (a command, or its continuation: a SASL answer, a literal), then
 * reads the reply. */
void
ms_dialogue_send_line (GTask             *task,
                       const char        *line,
                       MsDialogueReply    kind,
                       MsDialogueHandler  handler)
{
  MsDialogue *d = ms_dialogue_get (task);

  d->reply_kind = kind;
  d->reply_handler = handler;
  write_line (task, line);
}

void
ms_dialogue_send_lines (GTask             *task,
                        GPtrArray         *lines,
                        MsDialogueReply    kind,
                        MsDialogueHandler  handler)
{
  MsDialogue *d = ms_dialogue_get (task);

  g_return_if_fail (lines != NULL && lines->len > 0);

  free_pipelined (d);
  d->pipelined = lines;
  d->reply_kind = kind;
  d->reply_handler = handler;
  write_pipelined (task);
}

/* Sends a command; IMAP commands get a fresh tag in front. */
void
ms_dialogue_send_command (GTask             *task,
                          const char        *command,
                          MsDialogueReply    kind,
                          MsDialogueHandler  handler)
{
  MsDialogue *d = ms_dialogue_get (task);
  char *line;

  if (d->protocol == MS_PROTOCOL_IMAP)
    {
      g_free (d->tag);
      d->tag = g_strdup_printf ("a%u", ++d->tag_counter);
      line = g_strdup_printf ("%s %s", d->tag, command);
    }
  else
    line = g_strdup (command);
  ms_dialogue_send_line (task, line, kind, handler);
  ms_sasl_secret_free (line);  /* may hold an initial SASL response */
}

void
ms_dialogue_ask_capabilities (GTask             *task,
                              MsDialogueHandler  handler)
{
  switch (ms_dialogue_get (task)->protocol)
    {
    case MS_PROTOCOL_IMAP:
      ms_dialogue_send_command (task, "CAPABILITY", MS_DIALOGUE_REPLY_IMAP, handler);
      break;
    case MS_PROTOCOL_POP3:
      ms_dialogue_send_command (task, "CAPA", MS_DIALOGUE_REPLY_POP3_MULTI, handler);
      break;
    case MS_PROTOCOL_SMTP:
      /* a neutral name: an address literal, nothing about the user's machine */
      ms_dialogue_send_command (task, "EHLO [127.0.0.1]", MS_DIALOGUE_REPLY_SMTP, handler);
      break;
    default:
      g_assert_not_reached ();
    }
}

const char *
ms_dialogue_starttls_capability (MsProtocol protocol)
{
  return protocol == MS_PROTOCOL_POP3 ? "STLS" : "STARTTLS";
}

void
ms_dialogue_send_starttls (GTask             *task,
                           MsDialogueHandler  handler)
{
  switch (ms_dialogue_get (task)->protocol)
    {
    case MS_PROTOCOL_IMAP:
      ms_dialogue_send_command (task, "STARTTLS", MS_DIALOGUE_REPLY_IMAP, handler);
      break;
    case MS_PROTOCOL_POP3:
      ms_dialogue_send_command (task, "STLS", MS_DIALOGUE_REPLY_LINE, handler);
      break;
    case MS_PROTOCOL_SMTP:
      ms_dialogue_send_command (task, "STARTTLS", MS_DIALOGUE_REPLY_SMTP, handler);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
on_tls_upgraded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  MsDialogue *d = ms_dialogue_get (task);
  GError *error = NULL;

  if (!ms_mail_stream_starttls_finish (MS_MAIL_STREAM (source), result, &error))
    {
      d->klass->fail (task, error);
      return;
    }
  d->reply_handler (task);
}

void
ms_dialogue_upgrade_tls (GTask             *task,
                         MsDialogueHandler  handler)
{
  MsDialogue *d = ms_dialogue_get (task);
  guint timeout_ms;

  if (!d->klass->step_timeout (task, &timeout_ms))
    return;
  d->reply_handler = handler;
  ms_mail_stream_starttls_async (d->stream, timeout_ms, g_task_get_cancellable (task),
                                 on_tls_upgraded, task);
}

char *
ms_dialogue_goodbye_line (MsDialogue *self)
{
  if (self->protocol == MS_PROTOCOL_IMAP)
    return g_strdup_printf ("a%u LOGOUT", ++self->tag_counter);
  return g_strdup ("QUIT");
}
