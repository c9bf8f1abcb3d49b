/* ms-port-probe.c: which security a port speaks — TLS from the first byte, or a
 * plain-text greeting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A TLS port sends nothing until it gets a ClientHello, so a plain connection to it
 * waits for a greeting that never comes; a plain-text port greets at once, so a TLS
 * handshake with it fails on the greeting's bytes. Either way a session would blame the
 * network. One more connection tells them apart within a few round trips: a handshake
 * that gets as far as a certificate (verified or not) is a TLS port; a first line that
 * reads like the protocol's greeting is a plain-text one.
 */
#define G_LOG_DOMAIN "ms-port-probe"

#include "config.h"

#include "ms-mail-stream.h"
#include "ms-port-probe.h"

typedef struct {
  MsProtocol protocol;
  MsSecurity speaks;
  gint64 deadline_us;
  MsMailStream *stream;
} Probe;

static void
probe_free (gpointer data)
{
  Probe *p = data;

  g_clear_object (&p->stream);
  g_free (p);
}

static gboolean
is_greeting (MsProtocol  protocol,
             const char *line)
{
  switch (protocol)
    {
    case MS_PROTOCOL_IMAP:
      return g_str_has_prefix (line, "* OK") || g_str_has_prefix (line, "* PREAUTH")
             || g_str_has_prefix (line, "* BYE");
    case MS_PROTOCOL_POP3:
      return g_str_has_prefix (line, "+OK") || g_str_has_prefix (line, "-ERR");
    case MS_PROTOCOL_SMTP:
      return g_str_has_prefix (line, "220") || g_str_has_prefix (line, "554");
    default:
      return FALSE;
    }
}

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *p = g_task_get_task_data (task);
  g_autofree char *line = NULL;
  GError *error = NULL;

  line = ms_mail_stream_read_line_finish (MS_MAIL_STREAM (source), result, &error);
  if (line == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, is_greeting (p->protocol, line));
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *p = g_task_get_task_data (task);
  GError *error = NULL;
  GCancellable *cancellable;
  gint64 left_us;

  p->stream = ms_mail_stream_connect_finish (result, &error);
  if (p->speaks == MS_SECURITY_TLS)
    {
      /* a handshake that got a certificate, trusted or not, was made with a TLS server */
      if (p->stream != NULL
          || (g_error_matches (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TLS_FAILED)
              && (ms_mail_stream_error_get_peer_certificate (error) != NULL
                  || ms_mail_stream_error_get_tls_errors (error) != 0)))
        {
          g_clear_error (&error);
          g_task_return_boolean (task, TRUE);
        }
      else
        g_task_return_error (task, error);
      return;
    }

  if (p->stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  left_us = p->deadline_us - g_get_monotonic_time ();
  cancellable = g_task_get_cancellable (task);
  ms_mail_stream_read_line_async (p->stream, (guint) MAX (1, left_us / 1000), cancellable,
                                  on_line, g_steal_pointer (&task));
}

void
ms_port_probe_async (MsProtocol           protocol,
                     const char          *host,
                     guint16              port,
                     MsSecurity           speaks,
                     MsTlsTrust          *trust,
                     guint                timeout_ms,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;
  Probe *p;

  g_return_if_fail (host != NULL);
  g_return_if_fail (speaks == MS_SECURITY_TLS || speaks == MS_SECURITY_STARTTLS);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_port_probe_async);
  p = g_new0 (Probe, 1);
  p->protocol = protocol;
  p->speaks = speaks;
  p->deadline_us = g_get_monotonic_time () + (gint64) MAX (1, timeout_ms) * 1000;
  g_task_set_task_data (task, p, probe_free);
  g_debug ("%s:%u: does it speak %s?", host, port, ms_security_to_string (speaks));
  /* STARTTLS here means: connect in plain text (and only read the greeting) */
  ms_mail_stream_connect_async (host, port, speaks, trust, MAX (1, timeout_ms), cancellable,
                                on_connected, task);
}

gboolean
ms_port_probe_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_port_probe_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
