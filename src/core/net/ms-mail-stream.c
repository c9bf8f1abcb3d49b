/* ms-mail-stream.c: a line protocol (IMAP, POP3, SMTP) over a GIOStream, with STARTTLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stream does its own buffering (no GDataInputStream): it reads chunks from the
 * current input stream into one byte array and cuts lines out of it. That makes the
 * STARTTLS rule simple to enforce — whatever is left in the array when the upgrade starts
 * arrived after the server's reply and before the handshake, which a genuine server never
 * sends, so it is an injection attempt — and there is no buffered filter stream on the
 * plain side that could close the socket under the TLS layer when dropped.
 *
 * Every step runs under a deadline (ms-deadline.c): an internal GCancellable cancelled by
 * a timer or by the caller's cancellable, so that a silent peer costs at most the step's
 * timeout. What to trust in a handshake beyond the system store (a CA file, pinned
 * exceptions) is MsTlsTrust's business (ms-tls-trust.c); this file only asks it.
 */
#define G_LOG_DOMAIN "ms-mail-stream"

#include "config.h"

#include <string.h>

#include "ms-deadline.h"
#include "ms-mail-stream.h"
#include "ms-sasl.h"

/* Takes @error, which happened under @deadline while @what; gives the error to report. */
static GError *
ms_mail_stream_translate_error (MsDeadline *deadline,
                                GError     *error,
                                const char *what)
{
  switch (ms_deadline_judge (deadline, error))
    {
    case MS_DEADLINE_OUTCOME_TIMED_OUT:
      g_error_free (error);
      return g_error_new (MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TIMEOUT,
                          "Timed out while %s", what);
    case MS_DEADLINE_OUTCOME_CLOSED:
      g_error_free (error);
      return g_error_new (MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_CLOSED,
                          "The server closed the connection while %s", what);
    case MS_DEADLINE_OUTCOME_OTHER:
    default:
      return error;
    }
}

#define READ_CHUNK 4096

struct _MsMailStream {
  GObject parent_instance;

  char *host;
  guint16 port;
  MsTlsTrust *trust;

  GIOStream *base;          /* the plain connection */
  GTlsConnection *tls;      /* after the handshake, the stream in use */
  GTlsProtocolVersion tls_version;
  GTlsCertificate *peer_certificate;
  GTlsCertificateFlags tls_errors;

  GByteArray *inbuf;
  guint8 chunk[READ_CHUNK];
  gsize max_line;
  gsize max_total;
  guint64 total_read;

  gboolean reading;
  gboolean writing;
  gboolean closed;          /* closed, or poisoned by an injection attempt */
};

G_DEFINE_FINAL_TYPE (MsMailStream, ms_mail_stream, G_TYPE_OBJECT)

static void
ms_mail_stream_finalize (GObject *object)
{
  MsMailStream *self = MS_MAIL_STREAM (object);

  g_clear_object (&self->tls);
  g_clear_object (&self->base);
  g_clear_object (&self->peer_certificate);
  g_clear_pointer (&self->trust, ms_tls_trust_unref);
  g_clear_pointer (&self->inbuf, g_byte_array_unref);
  g_free (self->host);

  G_OBJECT_CLASS (ms_mail_stream_parent_class)->finalize (object);
}

static void
ms_mail_stream_class_init (MsMailStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_mail_stream_finalize;
}

static void
ms_mail_stream_init (MsMailStream *self)
{
  self->inbuf = g_byte_array_new ();
  self->max_line = MS_MAIL_STREAM_DEFAULT_MAX_LINE;
  self->max_total = MS_MAIL_STREAM_DEFAULT_MAX_TOTAL;
}

static MsMailStream *
ms_mail_stream_new (const char *host,
                    guint16     port,
                    MsTlsTrust *trust)
{
  MsMailStream *self = g_object_new (MS_TYPE_MAIL_STREAM, NULL);

  self->host = g_strdup (host);
  self->port = port;
  self->trust = trust ? ms_tls_trust_ref (trust) : NULL;
  return self;
}

MsMailStream *
ms_mail_stream_new_for_stream (GIOStream  *base,
                               const char *host,
                               guint16     port,
                               MsTlsTrust *trust)
{
  MsMailStream *self;

  g_return_val_if_fail (G_IS_IO_STREAM (base), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  self = ms_mail_stream_new (host, port, trust);
  self->base = g_object_ref (base);
  return self;
}

void
ms_mail_stream_set_limits (MsMailStream *self,
                           gsize         max_line,
                           gsize         max_total)
{
  g_return_if_fail (MS_IS_MAIL_STREAM (self));
  g_return_if_fail (max_line > 0 && max_total > 0);

  self->max_line = max_line;
  self->max_total = max_total;
}

static GIOStream *
ms_mail_stream_current (MsMailStream *self)
{
  return self->tls ? G_IO_STREAM (self->tls) : self->base;
}

static gboolean
ms_mail_stream_check_usable (MsMailStream *self,
                             GError      **error)
{
  if (self->closed || self->base == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "The connection is closed");
      return FALSE;
    }
  return TRUE;
}

/* --- TLS handshake, shared by connect (implicit TLS) and STARTTLS --- */

static gboolean
on_accept_certificate (GTlsConnection      *connection,
                       GTlsCertificate     *peer_certificate,
                       GTlsCertificateFlags errors,
                       gpointer             user_data)
{
  MsMailStream *self = user_data;
  gboolean pinned;

  /* Called only when verification failed. Remember why, so that the caller can explain
   * it; accept only the one certificate pinned for exactly this host and port. */
  self->tls_errors = errors;
  g_set_object (&self->peer_certificate, peer_certificate);
  pinned = self->trust != NULL
           && ms_tls_trust_is_pinned (self->trust, self->host, self->port, peer_certificate);
  if (pinned)
    g_debug ("Accepting the pinned certificate of %s:%u", self->host, self->port);
  return pinned;
}

static GTlsConnection *
ms_mail_stream_create_tls (MsMailStream *self,
                           GError      **error)
{
  g_autoptr(GSocketConnectable) identity = g_network_address_new (self->host, self->port);
  g_autoptr(GIOStream) tls = NULL;

  tls = g_tls_client_connection_new (self->base, identity, error);
  if (tls == NULL)
    return NULL;
  if (self->trust != NULL && ms_tls_trust_get_database (self->trust) != NULL)
    g_tls_connection_set_database (G_TLS_CONNECTION (tls), ms_tls_trust_get_database (self->trust));
  /* Lines carry their own framing, and many mail servers just drop the connection. */
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);
  g_signal_connect_object (tls, "accept-certificate", G_CALLBACK (on_accept_certificate), self, 0);
  self->tls_errors = 0;
  g_clear_object (&self->peer_certificate);
  return G_TLS_CONNECTION (g_steal_pointer (&tls));
}

/* Takes @error. */
static GError *
ms_mail_stream_tls_error (MsMailStream   *self,
                          GTlsConnection *tls,
                          GError         *error)
{
  GError *out;
  GTlsCertificateFlags flags = self->tls_errors;
  GTlsCertificate *certificate = self->peer_certificate;

  if (error->domain != G_TLS_ERROR)
    return error;
  if (tls != NULL && flags == 0 && g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    flags = g_tls_connection_get_peer_certificate_errors (tls);
  if (tls != NULL && certificate == NULL)
    certificate = g_tls_connection_get_peer_certificate (tls);

  if (flags != 0)
    {
      g_autofree char *why = ms_tls_certificate_flags_to_string (flags);

      out = g_error_new (MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TLS_FAILED,
                         "The certificate of %s is not trusted (%s)", self->host, why);
    }
  else
    out = g_error_new (MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TLS_FAILED,
                       "TLS handshake with %s failed: %s", self->host, error->message);
  ms_mail_stream_error_set_tls_details (out, flags, certificate);
  g_error_free (error);
  return out;
}

static void
ms_mail_stream_adopt_tls (MsMailStream   *self,
                          GTlsConnection *tls)
{
  GTlsCertificate *peer = g_tls_connection_get_peer_certificate (tls);

  g_set_object (&self->tls, tls);
  self->tls_version = g_tls_connection_get_protocol_version (tls);
  self->tls_errors = g_tls_connection_get_peer_certificate_errors (tls);
  g_set_object (&self->peer_certificate, peer);
}

/* --- connect --- */

typedef struct {
  MsDeadline deadline;
  MsSecurity security;
  MsMailStream *stream;
  GTlsConnection *tls;
} ConnectData;

static void
connect_data_free (gpointer data)
{
  ConnectData *cd = data;

  ms_deadline_stop (&cd->deadline);
  g_clear_object (&cd->tls);
  g_clear_object (&cd->stream);
  g_free (cd);
}

static void
connect_fail (GTask  *task,
              GError *error,
              const char *what)
{
  ConnectData *cd = g_task_get_task_data (task);

  error = ms_mail_stream_translate_error (&cd->deadline, error, what);
  ms_deadline_stop (&cd->deadline);
  /* drop the connection now, not when the caller drops the result */
  g_clear_object (&cd->tls);
  g_clear_object (&cd->stream);
  g_task_return_error (task, error);
}

static void
on_connect_handshake (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ConnectData *cd = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      if (!(ms_deadline_timed_out (&cd->deadline) || g_cancellable_is_cancelled (cd->deadline.cancellable)))
        error = ms_mail_stream_tls_error (cd->stream, cd->tls, error);
      connect_fail (task, error, "negotiating TLS");
      return;
    }
  ms_deadline_stop (&cd->deadline);
  ms_mail_stream_adopt_tls (cd->stream, cd->tls);
  g_task_return_pointer (task, g_steal_pointer (&cd->stream), g_object_unref);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ConnectData *cd = g_task_get_task_data (task);
  g_autoptr(GSocketConnection) connection = NULL;
  GError *error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      connect_fail (task, error, "connecting");
      return;
    }
  /* GSocketClient's timeout would also apply to every later read; ours rule instead. */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 0);
  cd->stream->base = G_IO_STREAM (g_steal_pointer (&connection));

  if (cd->security != MS_SECURITY_TLS)
    {
      ms_deadline_stop (&cd->deadline);
      g_task_return_pointer (task, g_steal_pointer (&cd->stream), g_object_unref);
      return;
    }

  cd->tls = ms_mail_stream_create_tls (cd->stream, &error);
  if (cd->tls == NULL)
    {
      connect_fail (task, error, "negotiating TLS");
      return;
    }
  g_tls_connection_handshake_async (cd->tls, G_PRIORITY_DEFAULT, cd->deadline.cancellable,
                                    on_connect_handshake, g_steal_pointer (&task));
}

void
ms_mail_stream_connect_async (const char          *host,
                              guint16              port,
                              MsSecurity           security,
                              MsTlsTrust          *trust,
                              guint                timeout_ms,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnectable) address = NULL;
  ConnectData *cd;

  g_return_if_fail (host != NULL && *host != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_mail_stream_connect_async);
  cd = g_new0 (ConnectData, 1);
  cd->security = security;
  cd->stream = ms_mail_stream_new (host, port, trust);
  g_task_set_task_data (task, cd, connect_data_free);
  ms_deadline_start (&cd->deadline, timeout_ms, cancellable, g_task_get_context (task));

  client = g_socket_client_new ();
  if (timeout_ms > 0)
    g_socket_client_set_timeout (client, (timeout_ms + 999) / 1000);
  address = g_network_address_new (host, port);
  g_socket_client_connect_async (client, address, cd->deadline.cancellable, on_connected,
                                 g_steal_pointer (&task));
}

MsMailStream *
ms_mail_stream_connect_finish (GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_mail_stream_connect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- reading lines --- */

typedef struct {
  MsDeadline deadline;
} StepData;

static void
step_data_free (gpointer data)
{
  StepData *sd = data;

  ms_deadline_stop (&sd->deadline);
  g_free (sd);
}

/* the cancellable to give GIO for this step's operation (read before the task is stolen) */
static GCancellable *
step_cancellable (GTask *task)
{
  return ((StepData *) g_task_get_task_data (task))->deadline.cancellable;
}

/* Ends the step of @task: with @error (taken), which happened while @doing, or with
 * TRUE if @error is NULL. */
static void
step_return (GTask      *task,
             GError     *error,
             const char *doing)
{
  StepData *sd = g_task_get_task_data (task);

  if (error != NULL)
    error = ms_mail_stream_translate_error (&sd->deadline, error, doing);
  ms_deadline_stop (&sd->deadline);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The end of a step that gives a boolean. */
static gboolean
step_finish_boolean (MsMailStream  *self,
                     GAsyncResult  *result,
                     gpointer       source_tag,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static GTask *
ms_mail_stream_step_new (MsMailStream        *self,
                         guint                timeout_ms,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data,
                         gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  StepData *sd = g_new0 (StepData, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, sd, step_data_free);
  ms_deadline_start (&sd->deadline, timeout_ms, cancellable, g_task_get_context (task));
  return task;
}

/* A complete line from the buffer: TRUE with *line set, TRUE with NULL if more is needed,
 * FALSE on error. */
static gboolean
ms_mail_stream_take_line (MsMailStream *self,
                          char        **line,
                          GError      **error)
{
  const guint8 *nl;
  gsize len;

  *line = NULL;
  if (self->inbuf->len == 0)
    return TRUE;
  nl = memchr (self->inbuf->data, '\n', self->inbuf->len);
  if (nl == NULL)
    {
      /* room for the line and a CR; the LF has not come yet */
      if (self->inbuf->len > self->max_line + 1)
        {
          g_set_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_LINE_TOO_LONG,
                       "The server sent a line longer than %" G_GSIZE_FORMAT " bytes",
                       self->max_line);
          return FALSE;
        }
      return TRUE;
    }

  len = nl - self->inbuf->data;
  if (len > 0 && self->inbuf->data[len - 1] == '\r')
    len--;
  if (len > self->max_line)
    {
      g_set_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_LINE_TOO_LONG,
                   "The server sent a line longer than %" G_GSIZE_FORMAT " bytes", self->max_line);
      return FALSE;
    }
  if (memchr (self->inbuf->data, '\0', len) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The server sent a line with a NUL byte");
      return FALSE;
    }
  *line = g_strndup ((const char *) self->inbuf->data, len);
  g_byte_array_remove_range (self->inbuf, 0, (nl - self->inbuf->data) + 1);
  return TRUE;
}

static void ms_mail_stream_read_more (GTask *task);

static void
read_line_return_error (GTask  *task,
                        GError *error)
{
  MsMailStream *self = g_task_get_source_object (task);

  self->reading = FALSE;
  step_return (task, error, "waiting for the server");
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsMailStream *self = g_task_get_source_object (task);
  GError *error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (n < 0)
    {
      read_line_return_error (task, error);
      return;
    }
  if (n == 0)
    {
      read_line_return_error (task, g_error_new_literal (MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_CLOSED,
                                                         "The server closed the connection"));
      return;
    }
  self->total_read += n;
  if (self->total_read > self->max_total)
    {
      read_line_return_error (task, g_error_new (MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TOO_MUCH_DATA,
                                                 "The server sent more than %" G_GSIZE_FORMAT " bytes",
                                                 self->max_total));
      return;
    }
  g_byte_array_append (self->inbuf, self->chunk, n);
  ms_mail_stream_read_more (g_steal_pointer (&task));
}

/* Takes @task. */
static void
ms_mail_stream_read_more (GTask *task)
{
  MsMailStream *self = g_task_get_source_object (task);
  StepData *sd = g_task_get_task_data (task);
  GError *error = NULL;
  char *line = NULL;

  if (!ms_mail_stream_take_line (self, &line, &error))
    {
      read_line_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (line != NULL)
    {
      self->reading = FALSE;
      ms_deadline_stop (&sd->deadline);
      g_task_return_pointer (task, line, g_free);
      g_object_unref (task);
      return;
    }
  g_input_stream_read_async (g_io_stream_get_input_stream (ms_mail_stream_current (self)),
                             self->chunk, sizeof self->chunk, G_PRIORITY_DEFAULT,
                             sd->deadline.cancellable, on_read, task);
}

void
ms_mail_stream_read_line_async (MsMailStream        *self,
                                guint                timeout_ms,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (MS_IS_MAIL_STREAM (self));

  task = ms_mail_stream_step_new (self, timeout_ms, cancellable, callback, user_data,
                                  ms_mail_stream_read_line_async);
  if (!ms_mail_stream_check_usable (self, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (self->reading)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "A read is already pending");
      g_object_unref (task);
      return;
    }
  self->reading = TRUE;
  ms_mail_stream_read_more (task);
}

char *
ms_mail_stream_read_line_finish (MsMailStream *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_mail_stream_read_line_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- writing lines --- */

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsMailStream *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->writing = FALSE;
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);
  step_return (task, error, "sending to the server");
}

void
ms_mail_stream_write_line_async (MsMailStream        *self,
                                 const char          *line,
                                 guint                timeout_ms,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  GCancellable *op_cancellable;
  GBytes *data;

  g_return_if_fail (MS_IS_MAIL_STREAM (self));
  g_return_if_fail (line != NULL);

  task = ms_mail_stream_step_new (self, timeout_ms, cancellable, callback, user_data,
                                  ms_mail_stream_write_line_async);
  if (!ms_mail_stream_check_usable (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (strpbrk (line, "\r\n") != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "A command line cannot hold a line break");
      return;
    }
  if (self->writing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "A write is already pending");
      return;
    }
  self->writing = TRUE;
  {
    /* the line may hold a password or a SASL response: wiped when the write is done */
    char *text = g_strconcat (line, "\r\n", NULL);

    data = g_bytes_new_with_free_func (text, strlen (text),
                                       (GDestroyNotify) ms_sasl_secret_free, text);
  }
  /* the buffer must live until the write ends: keep it with the task */
  g_object_set_data_full (G_OBJECT (task), "ms-data", data, (GDestroyNotify) g_bytes_unref);
  op_cancellable = step_cancellable (task);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (ms_mail_stream_current (self)),
                                   g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                                   G_PRIORITY_DEFAULT, op_cancellable,
                                   on_written, g_steal_pointer (&task));
}

gboolean
ms_mail_stream_write_line_finish (MsMailStream *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  return step_finish_boolean (self, result, ms_mail_stream_write_line_async, error);
}

/* --- STARTTLS --- */

static void
on_starttls_handshake (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsMailStream *self = g_task_get_source_object (task);
  StepData *sd = g_task_get_task_data (task);
  GTlsConnection *tls = G_TLS_CONNECTION (source);
  GError *error = NULL;

  self->reading = self->writing = FALSE;
  if (!g_tls_connection_handshake_finish (tls, result, &error))
    {
      if (!(ms_deadline_timed_out (&sd->deadline) || g_cancellable_is_cancelled (sd->deadline.cancellable)))
        error = ms_mail_stream_tls_error (self, tls, error);
      /* the plain connection is in an unknown state now */
      self->closed = TRUE;
      step_return (task, error, "negotiating TLS");
      return;
    }
  ms_deadline_stop (&sd->deadline);
  ms_mail_stream_adopt_tls (self, tls);
  g_task_return_boolean (task, TRUE);
}

void
ms_mail_stream_starttls_async (MsMailStream        *self,
                               guint                timeout_ms,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTlsConnection) tls = NULL;
  GError *error = NULL;
  GCancellable *op_cancellable;
  gssize pending = 0;

  g_return_if_fail (MS_IS_MAIL_STREAM (self));

  task = ms_mail_stream_step_new (self, timeout_ms, cancellable, callback, user_data,
                                  ms_mail_stream_starttls_async);
  if (!ms_mail_stream_check_usable (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->reading || self->writing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "Cannot start TLS while a read or write is pending");
      return;
    }
  if (self->tls != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The connection already uses TLS");
      return;
    }

  /* Nothing received in plain text may survive the switch. Bytes buffered after the
   * STARTTLS reply (or already waiting in the socket, which a genuine server never sends
   * before our ClientHello) are an attempt to inject responses that we would otherwise
   * read as if they came over TLS. */
  if (G_IS_SOCKET_CONNECTION (self->base))
    pending = g_socket_get_available_bytes (g_socket_connection_get_socket (G_SOCKET_CONNECTION (self->base)));
  if (self->inbuf->len > 0 || pending > 0)
    {
      g_autofree char *what = g_strdup_printf ("%u byte(s)", self->inbuf->len + (guint) MAX (pending, 0));

      g_byte_array_set_size (self->inbuf, 0);
      self->closed = TRUE;
      g_task_return_new_error (task, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_STARTTLS_INJECTION,
                               "%s received after the STARTTLS reply of %s: possible "
                               "response injection, connection dropped", what, self->host);
      return;
    }

  tls = ms_mail_stream_create_tls (self, &error);
  if (tls == NULL)
    {
      g_task_return_error (task, ms_mail_stream_tls_error (self, NULL, error));
      return;
    }
  self->reading = self->writing = TRUE;  /* nobody touches the plain streams meanwhile */
  op_cancellable = step_cancellable (task);
  g_tls_connection_handshake_async (tls, G_PRIORITY_DEFAULT, op_cancellable,
                                    on_starttls_handshake, g_steal_pointer (&task));
}

gboolean
ms_mail_stream_starttls_finish (MsMailStream *self,
                                GAsyncResult *result,
                                GError      **error)
{
  return step_finish_boolean (self, result, ms_mail_stream_starttls_async, error);
}

/* --- closing --- */

static void
on_closed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  g_io_stream_close_finish (G_IO_STREAM (source), result, &error);
  step_return (task, error, "closing the connection");
}

void
ms_mail_stream_close_async (MsMailStream        *self,
                            guint                timeout_ms,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GCancellable *op_cancellable;
  GIOStream *stream;

  g_return_if_fail (MS_IS_MAIL_STREAM (self));

  task = ms_mail_stream_step_new (self, timeout_ms, cancellable, callback, user_data,
                                  ms_mail_stream_close_async);
  stream = ms_mail_stream_current (self);
  self->closed = TRUE;
  g_byte_array_set_size (self->inbuf, 0);
  if (stream == NULL || g_io_stream_is_closed (stream))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  op_cancellable = step_cancellable (task);
  g_io_stream_close_async (stream, G_PRIORITY_DEFAULT, op_cancellable,
                           on_closed, g_steal_pointer (&task));
}

gboolean
ms_mail_stream_close_finish (MsMailStream *self,
                             GAsyncResult *result,
                             GError      **error)
{
  return step_finish_boolean (self, result, ms_mail_stream_close_async, error);
}

/* --- properties --- */

const char *
ms_mail_stream_get_host (MsMailStream *self)
{
  g_return_val_if_fail (MS_IS_MAIL_STREAM (self), NULL);
  return self->host;
}

guint16
ms_mail_stream_get_port (MsMailStream *self)
{
  g_return_val_if_fail (MS_IS_MAIL_STREAM (self), 0);
  return self->port;
}

gboolean
ms_mail_stream_is_tls (MsMailStream *self)
{
  g_return_val_if_fail (MS_IS_MAIL_STREAM (self), FALSE);
  return self->tls != NULL;
}

GTlsProtocolVersion
ms_mail_stream_get_tls_version (MsMailStream *self)
{
  g_return_val_if_fail (MS_IS_MAIL_STREAM (self), G_TLS_PROTOCOL_VERSION_UNKNOWN);
  return self->tls ? self->tls_version : G_TLS_PROTOCOL_VERSION_UNKNOWN;
}

const char *
ms_mail_stream_get_tls_version_string (MsMailStream *self)
{
  g_return_val_if_fail (MS_IS_MAIL_STREAM (self), NULL);
  if (self->tls == NULL)
    return NULL;
  return ms_tls_protocol_version_to_string (self->tls_version);
}

GTlsCertificate *
ms_mail_stream_get_peer_certificate (MsMailStream *self)
{
  g_return_val_if_fail (MS_IS_MAIL_STREAM (self), NULL);
  return self->peer_certificate;
}

GTlsCertificateFlags
ms_mail_stream_get_tls_errors (MsMailStream *self)
{
  g_return_val_if_fail (MS_IS_MAIL_STREAM (self), 0);
  return self->tls_errors;
}

gsize
ms_mail_stream_get_buffered (MsMailStream *self)
{
  g_return_val_if_fail (MS_IS_MAIL_STREAM (self), 0);
  return self->inbuf->len;
}
