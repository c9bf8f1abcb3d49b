/* ms-fake-server.c: a small scriptable mail server for unit tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-fake-server"

#include "config.h"

#include <glib/gstdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "ms-fake-server.h"

typedef enum {
  STEP_SEND,
  STEP_EXPECT,
  STEP_START_TLS,
  STEP_CLOSE,
} StepKind;

typedef struct {
  StepKind kind;
  char *text;
} Step;

struct _MsFakeServer {
  GSocketService *service;
  guint16 port;
  GTlsCertificate *certificate;
  GCancellable *cancellable;

  GPtrArray *steps;
  guint step;

  GIOStream *connection;
  GIOStream *tls;
  GByteArray *inbuf;
  guint8 chunk[4096];
  GString *received;
  char *failure;

  guint pending;            /* async operations in flight */
  gboolean accepted;
  gboolean done;
};

static void step_free (gpointer data)
{
  Step *step = data;

  g_free (step->text);
  g_free (step);
}

static GIOStream *
current (MsFakeServer *self)
{
  return self->tls ? self->tls : self->connection;
}

static void
finish (MsFakeServer *self)
{
  GIOStream *stream = current (self);

  self->done = TRUE;
  if (stream != NULL && !g_io_stream_is_closed (stream))
    g_io_stream_close (stream, NULL, NULL);
}

static void
fail (MsFakeServer *self,
      char         *message)
{
  if (self->failure == NULL)
    self->failure = message;
  else
    g_free (message);
  finish (self);
}

static void run (MsFakeServer *self);
static void read_line (MsFakeServer *self);

static gboolean
take_line (MsFakeServer *self)
{
  const guint8 *nl;
  g_autofree char *line = NULL;
  gsize len;
  Step *step;

  if (self->inbuf->len == 0)
    return FALSE;
  nl = memchr (self->inbuf->data, '\n', self->inbuf->len);
  if (nl == NULL)
    return FALSE;
  len = nl - self->inbuf->data;
  line = g_strndup ((const char *) self->inbuf->data, len > 0 && nl[-1] == '\r' ? len - 1 : len);
  g_byte_array_remove_range (self->inbuf, 0, len + 1);
  g_string_append_printf (self->received, "%s\n", line);

  if (self->step >= self->steps->len)
    return TRUE;  /* after the script: just record */
  step = g_ptr_array_index (self->steps, self->step);
  g_assert (step->kind == STEP_EXPECT);
  if (!g_pattern_match_simple (step->text, line))
    {
      fail (self, g_strdup_printf ("step %u: expected \"%s\", got \"%s\"", self->step, step->text, line));
      return TRUE;
    }
  self->step++;
  return TRUE;
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  MsFakeServer *self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n;

  self->pending--;
  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable) || self->done)
    return;
  if (n <= 0)
    {
      /* the client went away (or failed the handshake): the end, not a script failure */
      finish (self);
      return;
    }
  g_byte_array_append (self->inbuf, self->chunk, n);
  if (take_line (self))
    {
      if (!self->done)
        run (self);
      return;
    }
  read_line (self);
}

static void
read_line (MsFakeServer *self)
{
  if (take_line (self))
    {
      if (!self->done)
        run (self);
      return;
    }
  self->pending++;
  g_input_stream_read_async (g_io_stream_get_input_stream (current (self)), self->chunk,
                             sizeof self->chunk, G_PRIORITY_DEFAULT, self->cancellable, on_read, self);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  MsFakeServer *self = user_data;
  g_autoptr(GError) error = NULL;

  self->pending--;
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);
  if (g_cancellable_is_cancelled (self->cancellable) || self->done)
    return;
  if (error != NULL)
    {
      finish (self);
      return;
    }
  self->step++;
  run (self);
}

static void
on_handshake (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  MsFakeServer *self = user_data;
  g_autoptr(GError) error = NULL;

  self->pending--;
  g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable) || self->done)
    return;
  if (error != NULL)
    {
      /* expected in the certificate tests: the client refused us */
      finish (self);
      return;
    }
  self->step++;
  run (self);
}

static void
run (MsFakeServer *self)
{
  Step *step;

  if (self->step >= self->steps->len)
    {
      read_line (self);
      return;
    }
  step = g_ptr_array_index (self->steps, self->step);
  switch (step->kind)
    {
    case STEP_SEND:
      self->pending++;
      g_output_stream_write_all_async (g_io_stream_get_output_stream (current (self)), step->text,
                                       strlen (step->text), G_PRIORITY_DEFAULT, self->cancellable,
                                       on_written, self);
      break;
    case STEP_EXPECT:
      read_line (self);
      break;
    case STEP_START_TLS:
      {
        g_autoptr(GError) error = NULL;

        g_assert_nonnull (self->certificate);
        /* whatever the client pipelined before the handshake is dropped, as it should be */
        g_byte_array_set_size (self->inbuf, 0);
        self->tls = g_tls_server_connection_new (self->connection, self->certificate, &error);
        g_assert_no_error (error);
        self->pending++;
        g_tls_connection_handshake_async (G_TLS_CONNECTION (self->tls), G_PRIORITY_DEFAULT,
                                          self->cancellable, on_handshake, self);
      }
      break;
    case STEP_CLOSE:
      self->step++;
      finish (self);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  MsFakeServer *self = user_data;

  if (self->accepted)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }
  self->accepted = TRUE;
  self->connection = G_IO_STREAM (g_object_ref (connection));
  /* each step is one segment, sent at once (no Nagle delay waiting for the client's ACK) */
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  run (self);
  return TRUE;
}

MsFakeServer *
ms_fake_server_new (GTlsCertificate *certificate)
{
  MsFakeServer *self = g_new0 (MsFakeServer, 1);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  self->certificate = certificate ? g_object_ref (certificate) : NULL;
  self->cancellable = g_cancellable_new ();
  self->steps = g_ptr_array_new_with_free_func (step_free);
  self->inbuf = g_byte_array_new ();
  self->received = g_string_new (NULL);

  self->service = g_socket_service_new ();
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
  g_socket_service_start (self->service);
  return self;
}

void
ms_fake_server_free (MsFakeServer *self)
{
  if (self == NULL)
    return;
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_signal_handlers_disconnect_by_data (self->service, self);
  g_cancellable_cancel (self->cancellable);
  while (self->pending > 0)
    g_main_context_iteration (NULL, TRUE);
  finish (self);

  g_clear_object (&self->service);
  g_clear_object (&self->tls);
  g_clear_object (&self->connection);
  g_clear_object (&self->certificate);
  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->steps);
  g_byte_array_unref (self->inbuf);
  g_string_free (self->received, TRUE);
  g_free (self->failure);
  g_free (self);
}

guint16
ms_fake_server_get_port (MsFakeServer *self)
{
  return self->port;
}

static void
add_step (MsFakeServer *self,
          StepKind      kind,
          const char   *text)
{
  Step *step = g_new0 (Step, 1);

  step->kind = kind;
  step->text = g_strdup (text);
  g_ptr_array_add (self->steps, step);
}

void
ms_fake_server_send (MsFakeServer *self,
                     const char   *data)
{
  add_step (self, STEP_SEND, data);
}

void
ms_fake_server_expect (MsFakeServer *self,
                       const char   *pattern)
{
  add_step (self, STEP_EXPECT, pattern);
}

void
ms_fake_server_start_tls (MsFakeServer *self)
{
  add_step (self, STEP_START_TLS, NULL);
}

void
ms_fake_server_close (MsFakeServer *self)
{
  add_step (self, STEP_CLOSE, NULL);
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
ms_fake_server_wait_done (MsFakeServer *self,
                          guint         timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, on_wait_timeout, &expired);

  while (!self->done && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return self->done;
}

gboolean
ms_fake_server_get_accepted (MsFakeServer *self)
{
  return self->accepted;
}

const char *
ms_fake_server_get_failure (MsFakeServer *self)
{
  return self->failure;
}

guint
ms_fake_server_get_step (MsFakeServer *self)
{
  return self->step;
}

guint
ms_fake_server_get_n_steps (MsFakeServer *self)
{
  return self->steps->len;
}

const char *
ms_fake_server_get_received (MsFakeServer *self)
{
  return self->received->str;
}

/* --- test certificates --- */

static gboolean
certtool (const char  *dir,
          GError     **error,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  int status = 0;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) "certtool");
  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (dir, (char **) argv->pdata, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "certtool failed: %s", err);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_file (const char  *dir,
            const char  *name,
            const char  *contents,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_set_contents (path, contents, -1, error);
}

static GTlsCertificate *
load (const char  *dir,
      const char  *cert,
      const char  *key,
      GError     **error)
{
  g_autofree char *cert_path = g_build_filename (dir, cert, NULL);
  g_autofree char *key_path = g_build_filename (dir, key, NULL);

  return g_tls_certificate_new_from_files (cert_path, key_path, error);
}

#define SERVER_USAGE "tls_www_server\nsigning_key\nexpiration_days = 2\n"

MsTestPki *
ms_test_pki_new (GError **error)
{
  g_autoptr(MsTestPki) pki = g_new0 (MsTestPki, 1);

  pki->dir = g_dir_make_tmp ("ms-test-pki-XXXXXX", error);
  if (pki->dir == NULL)
    return NULL;
  pki->ca_file = g_build_filename (pki->dir, "ca.pem", NULL);

  if (!write_file (pki->dir, "ca.tmpl", "cn = \"Mail Setup Test CA\"\nca\ncert_signing_key\n"
                   "expiration_days = 2\n", error)
      || !write_file (pki->dir, "good.tmpl", "cn = \"localhost\"\ndns_name = \"localhost\"\n"
                      "ip_address = \"127.0.0.1\"\n" SERVER_USAGE, error)
      || !write_file (pki->dir, "wrong.tmpl", "cn = \"other.example.org\"\n"
                      "dns_name = \"other.example.org\"\n" SERVER_USAGE, error))
    return NULL;

  if (!certtool (pki->dir, error, "--generate-privkey", "--key-type=ecdsa",  
 "--no-text", "--outfile", "ca.key", NULL)
      || !certtool (pki->dir, error, "--generate-privkey", "--key-type=ecdsa",  
 "--no-text", "--outfile", "server.key", NULL)
      || !certtool (pki->dir, error, "--generate-self-signed", "--load-privkey", "ca.key",
                    "--template", "ca.tmpl", "--no-text", "--outfile", "ca.pem", NULL)
      || !certtool (pki->dir, error, "--generate-certificate", "--load-privkey", "server.key",
                    "--load-ca-certificate", "ca.pem", "--load-ca-privkey", "ca.key",
                    "--template", "good.tmpl", "--no-text", "--outfile", "good.pem", NULL)
      || !certtool (pki->dir, error, "--generate-certificate", "--load-privkey", "server.key",
                    "--load-ca-certificate", "ca.pem", "--load-ca-privkey", "ca.key",
                    "--template", "wrong.tmpl", "--no-text", "--outfile", "wrong.pem", NULL)
      || !certtool (pki->dir, error, "--generate-self-signed", "--load-privkey", "server.key",
                    "--template", "good.tmpl", "--no-text", "--outfile", "self.pem", NULL))
    return NULL;

  pki->database = g_tls_file_database_new (pki->ca_file, error);
  if (pki->database == NULL)
    return NULL;
  pki->good = load (pki->dir, "good.pem", "server.key", error);
  if (pki->good == NULL)
    return NULL;
  pki->wrong_host = load (pki->dir, "wrong.pem", "server.key", error);
  if (pki->wrong_host == NULL)
    return NULL;
  pki->self_signed = load (pki->dir, "self.pem", "server.key", error);
  if (pki->self_signed == NULL)
    return NULL;
  return g_steal_pointer (&pki);
}

void
ms_test_pki_free (MsTestPki *pki)
{
  if (pki == NULL)
    return;
  if (pki->dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (pki->dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (pki->dir, name, NULL);

          g_unlink (path);
        }
      g_rmdir (pki->dir);
    }
  g_clear_object (&pki->database);
  g_clear_object (&pki->good);
  g_clear_object (&pki->wrong_host);
  g_clear_object (&pki->self_signed);
  g_free (pki->ca_file);
  g_free (pki->dir);
  g_free (pki);
}
