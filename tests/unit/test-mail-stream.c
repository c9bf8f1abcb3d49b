/* test-mail-stream.c: the line protocol over TCP and TLS, against a scripted fake server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ms-certificate.h"
#include "ms-fake-server.h"
#include "ms-mail-stream.h"

#define STEP_MS 5000  /* generous per-step timeout where no timeout is under test */

static MsTestPki *pki;

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

/* Spins the main context until the operation whose callback is on_result(slot) ends. */
static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static MsTlsTrust *
test_trust (void)
{
  MsTlsTrust *trust = ms_tls_trust_new ();

  ms_tls_trust_set_database (trust, pki->database);
  return trust;
}

static MsMailStream *
connect_to (MsFakeServer *server,
            MsSecurity    security,
            MsTlsTrust   *trust,
            GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ms_mail_stream_connect_async ("127.0.0.1", ms_fake_server_get_port (server), security, trust,
                                STEP_MS, NULL, on_result, &result);
  return ms_mail_stream_connect_finish (wait_for (&result), error);
}

static char *
read_line (MsMailStream *stream,
           guint         timeout_ms,
           GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ms_mail_stream_read_line_async (stream, timeout_ms, NULL, on_result, &result);
  return ms_mail_stream_read_line_finish (stream, wait_for (&result), error);
}

static gboolean
write_line (MsMailStream *stream,
            const char   *line,
            GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ms_mail_stream_write_line_async (stream, line, STEP_MS, NULL, on_result, &result);
  return ms_mail_stream_write_line_finish (stream, wait_for (&result), error);
}

static gboolean
starttls (MsMailStream *stream,
          GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ms_mail_stream_starttls_async (stream, STEP_MS, NULL, on_result, &result);
  return ms_mail_stream_starttls_finish (stream, wait_for (&result), error);
}

static void
assert_line (MsMailStream *stream,
             const char   *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = read_line (stream, STEP_MS, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, expected);
}

static void
assert_server_ok (MsFakeServer *server)
{
  g_assert_true (ms_fake_server_wait_done (server, STEP_MS));
  g_assert_cmpstr (ms_fake_server_get_failure (server), ==, NULL);
  g_assert_cmpuint (ms_fake_server_get_step (server), ==, ms_fake_server_get_n_steps (server));
}

static void
test_lines (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  /* several lines in one write, CRLF and bare LF, an empty line, a line in pieces */
  ms_fake_server_send (server, "* OK hello\r\nline two\nthird\r\n\r\nsplit ");
  ms_fake_server_send (server, "in two\r");
  ms_fake_server_send (server, "\n");
  ms_fake_server_expect (server, "a1 CAPABILITY");
  ms_fake_server_send (server, "last\r\n");
  ms_fake_server_close (server);

  stream = connect_to (server, MS_SECURITY_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (ms_mail_stream_is_tls (stream));
  g_assert_null (ms_mail_stream_get_tls_version_string (stream));
  g_assert_cmpstr (ms_mail_stream_get_host (stream), ==, "127.0.0.1");
  g_assert_cmpuint (ms_mail_stream_get_port (stream), ==, ms_fake_server_get_port (server));

  assert_line (stream, "* OK hello");
  assert_line (stream, "line two");
  assert_line (stream, "third");
  assert_line (stream, "");
  assert_line (stream, "split in two");
  g_assert_true (write_line (stream, "a1 CAPABILITY", &error));
  g_assert_no_error (error);
  assert_line (stream, "last");

  line = read_line (stream, STEP_MS, &error);
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_CLOSED);
  g_assert_null (line);
  assert_server_ok (server);
  g_assert_cmpstr (ms_fake_server_get_received (server), ==, "a1 CAPABILITY\n");
}

static void
test_write_refuses_line_breaks (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = connect_to (server, MS_SECURITY_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (write_line (stream, "a1 LOGIN x\r\na2 DELETE INBOX", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (write_line (stream, "EHLO x\nRSET", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_line_too_long (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *max = g_strnfill (MS_MAIL_STREAM_DEFAULT_MAX_LINE, 'a');
  g_autofree char *over = g_strnfill (MS_MAIL_STREAM_DEFAULT_MAX_LINE + 1, 'b');
  g_autofree char *max_line = g_strconcat (max, "\r\n", NULL);
  g_autofree char *over_line = g_strconcat (over, "\r\n", NULL);
  g_autofree char *line = NULL;

  ms_fake_server_send (server, max_line);
  ms_fake_server_send (server, over_line);

  stream = connect_to (server, MS_SECURITY_NONE, NULL, &error);
  g_assert_no_error (error);
  assert_line (stream, max);
  line = read_line (stream, STEP_MS, &error);
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_LINE_TOO_LONG);
  g_assert_null (line);
}

static void
test_endless_line (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *chunk = g_strnfill (1000, 'c');
  g_autofree char *line = NULL;

  /* no line end ever: the cap must hit while the line is still open */
  for (int i = 0; i < 20; i++)
    ms_fake_server_send (server, chunk);

  stream = connect_to (server, MS_SECURITY_NONE, NULL, &error);
  g_assert_no_error (error);
  ms_mail_stream_set_limits (stream, 4000, 1024 * 1024);
  line = read_line (stream, STEP_MS, &error);
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_LINE_TOO_LONG);
  g_assert_null (line);
}

static void
test_too_much_data (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  int lines = 0;

  for (int i = 0; i < 50; i++)
    ms_fake_server_send (server, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n");

  stream = connect_to (server, MS_SECURITY_NONE, NULL, &error);
  g_assert_no_error (error);
  ms_mail_stream_set_limits (stream, 100, 500);
  for (;;)
    {
      g_autofree char *line = read_line (stream, STEP_MS, &error);

      if (line == NULL)
        break;
      lines++;
    }
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TOO_MUCH_DATA);
  g_assert_cmpint (lines, >, 0);
  g_assert_cmpint (lines, <=, 500 / 35);
}

static void
test_nul_byte (void)
{
  static const char data[] = "+OK a\0b\r\n";
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (data, sizeof data - 1, NULL);
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autoptr(GIOStream) pair = g_simple_io_stream_new (in, sink);
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  /* a NUL would cut the line short in C: refused rather than silently truncated */
  stream = ms_mail_stream_new_for_stream (pair, "example.org", 110, NULL);
  line = read_line (stream, STEP_MS, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (line);
}

static void
test_silent_server_times_out (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 start;
  gint64 elapsed_ms;

  stream = connect_to (server, MS_SECURITY_NONE, NULL, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  line = read_line (stream, 300, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TIMEOUT);
  g_assert_null (line);
  g_assert_cmpint (elapsed_ms, >=, 290);
  g_assert_cmpint (elapsed_ms, <, 1000);
}

static void
test_silent_tls_server_times_out (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);
  g_autoptr(MsTlsTrust) trust = test_trust ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed_ms;

  /* accepts, but never answers the ClientHello: the connect timeout covers the handshake */
  ms_mail_stream_connect_async ("127.0.0.1", ms_fake_server_get_port (server), MS_SECURITY_TLS,
                                trust, 300, NULL, on_result, &result);
  stream = ms_mail_stream_connect_finish (wait_for (&result), &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TIMEOUT);
  g_assert_null (stream);
  g_assert_cmpint (elapsed_ms, >=, 290);
  g_assert_cmpint (elapsed_ms, <, 1000);
}

static void
test_black_holed_connect_times_out (void)
{
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;
  gint64 start;
  gint64 elapsed_ms;

  /* A listener that never accepts, with its backlog full: Linux drops further SYNs, so a
   * connect neither succeeds nor fails — as with a firewall that drops packets. */
  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_set_listen_backlog (listener, 0);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  for (int i = 0; i < 4; i++)
    {
      GSocket *filler = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, &error);

      g_assert_no_error (error);
      g_socket_set_blocking (filler, FALSE);
      g_socket_connect (filler, bound, NULL, NULL);  /* EINPROGRESS is fine */
      g_ptr_array_add (fillers, filler);
    }

  start = g_get_monotonic_time ();
  ms_mail_stream_connect_async ("127.0.0.1", port, MS_SECURITY_NONE, NULL, 400, NULL,
                                on_result, &result);
  stream = ms_mail_stream_connect_finish (wait_for (&result), &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  if (stream != NULL)
    {
      g_test_skip ("this kernel completed the connection despite the full backlog");
      return;
    }
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TIMEOUT);
  g_assert_cmpint (elapsed_ms, >=, 390);
  g_assert_cmpint (elapsed_ms, <, 1200);
}

static void
test_server_closes (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  ms_fake_server_send (server, "* OK half a li");
  ms_fake_server_close (server);
  stream = connect_to (server, MS_SECURITY_NONE, NULL, &error);
  g_assert_no_error (error);
  line = read_line (stream, STEP_MS, &error);
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_CLOSED);
  g_assert_null (line);
}

static void
test_connection_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMailStream) stream = NULL;
  guint16 port;

  {
    /* a port that was free a moment ago */
    g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);

    port = ms_fake_server_get_port (server);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;

    ms_mail_stream_connect_async ("127.0.0.1", port, MS_SECURITY_TLS, NULL, STEP_MS, NULL,
                                  on_result, &result);
    stream = ms_mail_stream_connect_finish (wait_for (&result), &error);
  }
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_null (stream);
}

static void
test_cancel_read (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  stream = connect_to (server, MS_SECURITY_NONE, NULL, &error);
  g_assert_no_error (error);
  ms_mail_stream_read_line_async (stream, STEP_MS, cancellable, on_result, &result);
  g_timeout_add_once (50, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  line = ms_mail_stream_read_line_finish (stream, wait_for (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (line);
}

static void
test_implicit_tls (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsTlsTrust) trust = test_trust ();
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;

  ms_fake_server_start_tls (server);
  ms_fake_server_send (server, "* OK [CAPABILITY IMAP4rev1] ready\r\n");
  ms_fake_server_expect (server, "a1 LOGOUT");
  ms_fake_server_close (server);

  stream = connect_to (server, MS_SECURITY_TLS, trust, &error);
  g_assert_no_error (error);
  g_assert_true (ms_mail_stream_is_tls (stream));
  g_assert_nonnull (ms_mail_stream_get_tls_version_string (stream));
  g_assert_true (g_str_has_prefix (ms_mail_stream_get_tls_version_string (stream), "TLS 1."));
  g_assert_cmpint (ms_mail_stream_get_tls_version (stream), >=, G_TLS_PROTOCOL_VERSION_TLS_1_2);
  g_assert_nonnull (ms_mail_stream_get_peer_certificate (stream));
  g_assert_true (g_tls_certificate_is_same (ms_mail_stream_get_peer_certificate (stream), pki->good));
  g_assert_cmpuint (ms_mail_stream_get_tls_errors (stream), ==, 0);
  fingerprint = ms_certificate_dup_sha256 (ms_mail_stream_get_peer_certificate (stream));
  g_assert_cmpuint (strlen (fingerprint), ==, 32 * 3 - 1);

  assert_line (stream, "* OK [CAPABILITY IMAP4rev1] ready");
  g_assert_true (write_line (stream, "a1 LOGOUT", &error));
  g_assert_no_error (error);
  assert_server_ok (server);
}

static void
test_starttls (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsTlsTrust) trust = test_trust ();
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_send (server, "220 fake ESMTP\r\n");
  ms_fake_server_expect (server, "STARTTLS");
  ms_fake_server_send (server, "220 2.0.0 go ahead\r\n");
  ms_fake_server_start_tls (server);
  ms_fake_server_expect (server, "EHLO localhost");
  ms_fake_server_send (server, "250-fake\r\n250 AUTH PLAIN\r\n");
  ms_fake_server_expect (server, "QUIT");
  ms_fake_server_close (server);

  stream = connect_to (server, MS_SECURITY_STARTTLS, trust, &error);
  g_assert_no_error (error);
  g_assert_false (ms_mail_stream_is_tls (stream));
  assert_line (stream, "220 fake ESMTP");
  g_assert_true (write_line (stream, "STARTTLS", &error));
  assert_line (stream, "220 2.0.0 go ahead");
  g_assert_cmpuint (ms_mail_stream_get_buffered (stream), ==, 0);
  g_assert_true (starttls (stream, &error));
  g_assert_no_error (error);
  g_assert_true (ms_mail_stream_is_tls (stream));
  g_assert_nonnull (ms_mail_stream_get_tls_version_string (stream));
  g_assert_nonnull (ms_mail_stream_get_peer_certificate (stream));
  g_assert_cmpuint (ms_mail_stream_get_tls_errors (stream), ==, 0);

  g_assert_true (write_line (stream, "EHLO localhost", &error));
  assert_line (stream, "250-fake");
  assert_line (stream, "250 AUTH PLAIN");
  g_assert_true (write_line (stream, "QUIT", &error));
  g_assert_no_error (error);
  assert_server_ok (server);
}

static void
test_starttls_injection (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsTlsTrust) trust = test_trust ();
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  /* CVE-2020-14928 / EAST "B_1": forged replies in the same segment as the STARTTLS reply */
  ms_fake_server_send (server, "220 fake ESMTP\r\n");
  ms_fake_server_expect (server, "STARTTLS");
  ms_fake_server_send (server, "220 2.0.0 go ahead\r\n250-evil\r\n250 AUTH PLAIN\r\n");
  ms_fake_server_start_tls (server);

  stream = connect_to (server, MS_SECURITY_STARTTLS, trust, &error);
  g_assert_no_error (error);
  assert_line (stream, "220 fake ESMTP");
  g_assert_true (write_line (stream, "STARTTLS", &error));
  assert_line (stream, "220 2.0.0 go ahead");
  g_assert_false (starttls (stream, &error));
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_STARTTLS_INJECTION);
  g_assert_false (ms_mail_stream_is_tls (stream));
  g_clear_error (&error);

  /* nothing of the injected data is ever handed out */
  g_assert_cmpuint (ms_mail_stream_get_buffered (stream), ==, 0);
  line = read_line (stream, STEP_MS, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_null (line);
}

static void
test_starttls_injection_late (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsTlsTrust) trust = test_trust ();
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  /* the forged reply comes in a second segment, after the client read the first */
  ms_fake_server_send (server, "+OK POP3 ready\r\n");
  ms_fake_server_expect (server, "STLS");
  ms_fake_server_send (server, "+OK begin TLS\r\n");
  ms_fake_server_send (server, "+OK forged\r\n");
  ms_fake_server_expect (server, "never");

  stream = connect_to (server, MS_SECURITY_STARTTLS, trust, &error);
  g_assert_no_error (error);
  assert_line (stream, "+OK POP3 ready");
  g_assert_true (write_line (stream, "STLS", &error));
  assert_line (stream, "+OK begin TLS");
  /* let the second segment land in the socket */
  while (ms_fake_server_get_step (server) < 4)
    g_main_context_iteration (NULL, TRUE);
  g_usleep (20000);
  g_assert_false (starttls (stream, &error));
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_STARTTLS_INJECTION);
}

static void
assert_tls_failure (GTlsCertificate     *server_certificate,
                    MsTlsTrust          *trust,
                    GTlsCertificateFlags expected)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (server_certificate);
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_start_tls (server);
  ms_fake_server_send (server, "* OK never seen\r\n");

  stream = connect_to (server, MS_SECURITY_TLS, trust, &error);
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TLS_FAILED);
  g_assert_null (stream);
  g_assert_cmpuint (ms_mail_stream_error_get_tls_errors (error) & expected, ==, expected);
  g_assert_nonnull (ms_mail_stream_error_get_peer_certificate (error));
  g_assert_true (g_tls_certificate_is_same (ms_mail_stream_error_get_peer_certificate (error),
                                            server_certificate));

  /* the details survive a copy, as when a GTask or a caller passes the error on */
  {
    g_autoptr(GError) copy = g_error_copy (error);

    g_assert_cmpuint (ms_mail_stream_error_get_tls_errors (copy), ==,
                      ms_mail_stream_error_get_tls_errors (error));
    g_assert_true (ms_mail_stream_error_get_peer_certificate (copy)
                   == ms_mail_stream_error_get_peer_certificate (error));
  }
  g_assert_true (ms_fake_server_wait_done (server, STEP_MS));
  g_assert_cmpuint (ms_fake_server_get_step (server), ==, 0);  /* handshake never completed */
}

static void
test_tls_untrusted (void)
{
  g_autoptr(MsTlsTrust) trust = test_trust ();

  assert_tls_failure (pki->self_signed, trust, G_TLS_CERTIFICATE_UNKNOWN_CA);
}

static void
test_tls_wrong_host (void)
{
  g_autoptr(MsTlsTrust) trust = test_trust ();

  assert_tls_failure (pki->wrong_host, trust, G_TLS_CERTIFICATE_BAD_IDENTITY);
}

static void
test_tls_system_trust (void)
{
  /* without our database the test CA is unknown to the system trust store */
  assert_tls_failure (pki->good, NULL, G_TLS_CERTIFICATE_UNKNOWN_CA);
}

static void
test_starttls_wrong_host (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->wrong_host);
  g_autoptr(MsTlsTrust) trust = test_trust ();
  g_autoptr(MsMailStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_send (server, "* OK IMAP ready\r\n");
  ms_fake_server_expect (server, "a1 STARTTLS");
  ms_fake_server_send (server, "a1 OK begin\r\n");
  ms_fake_server_start_tls (server);

  stream = connect_to (server, MS_SECURITY_STARTTLS, trust, &error);
  g_assert_no_error (error);
  assert_line (stream, "* OK IMAP ready");
  g_assert_true (write_line (stream, "a1 STARTTLS", &error));
  assert_line (stream, "a1 OK begin");
  g_assert_false (starttls (stream, &error));
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TLS_FAILED);
  g_assert_cmpuint (ms_mail_stream_error_get_tls_errors (error) & G_TLS_CERTIFICATE_BAD_IDENTITY, !=, 0);
  g_assert_false (ms_mail_stream_is_tls (stream));
}

static void
test_pinned_certificate (void)
{
  g_autofree char *fingerprint = ms_certificate_dup_sha256 (pki->self_signed);
  g_autofree char *lower = g_ascii_strdown (fingerprint, -1);

  {
    /* pinned for this host and port: accepted, and the errors stay visible */
    g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->self_signed);
    g_autoptr(MsTlsTrust) trust = test_trust ();
    g_autoptr(MsMailStream) stream = NULL;
    g_autoptr(GError) error = NULL;

    g_autoptr(GTlsCertificate) kept = NULL;

    g_assert_true (ms_tls_trust_add_pin (trust, "127.0.0.1", ms_fake_server_get_port (server), lower));
    g_assert_null (ms_tls_trust_dup_pinned_certificate (trust, "127.0.0.1", ms_fake_server_get_port (server)));
    ms_fake_server_start_tls (server);
    ms_fake_server_send (server, "+OK ready\r\n");
    stream = connect_to (server, MS_SECURITY_TLS, trust, &error);
    g_assert_no_error (error);
    g_assert_true (ms_mail_stream_is_tls (stream));
    g_assert_cmpuint (ms_mail_stream_get_tls_errors (stream) & G_TLS_CERTIFICATE_UNKNOWN_CA, !=, 0);
    assert_line (stream, "+OK ready");
    /* the pin keeps the certificate it matched, for the exports (Evolution needs it) */
    kept = ms_tls_trust_dup_pinned_certificate (trust, "127.0.0.1", ms_fake_server_get_port (server));
    g_assert_nonnull (kept);
    g_assert_true (g_tls_certificate_is_same (kept, pki->self_signed));
  }
  {
    /* the same certificate pinned for another port: refused */
    g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->self_signed);
    g_autoptr(MsTlsTrust) trust = test_trust ();
    g_autoptr(MsMailStream) stream = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (ms_tls_trust_add_pin (trust, "127.0.0.1", ms_fake_server_get_port (server) + 1,
                                         fingerprint));
    g_assert_true (ms_tls_trust_add_pin (trust, "localhost", ms_fake_server_get_port (server),
                                         fingerprint));
    ms_fake_server_start_tls (server);
    stream = connect_to (server, MS_SECURITY_TLS, trust, &error);
    g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TLS_FAILED);
    g_assert_null (stream);
  }
  {
    /* a pin for another certificate does not open the door for this one */
    g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->wrong_host);
    g_autoptr(MsTlsTrust) trust = test_trust ();
    g_autoptr(MsMailStream) stream = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (ms_tls_trust_add_pin (trust, "127.0.0.1", ms_fake_server_get_port (server), fingerprint));
    ms_fake_server_start_tls (server);
    stream = connect_to (server, MS_SECURITY_TLS, trust, &error);
    g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TLS_FAILED);
    g_assert_null (stream);
    /* nor does it keep that other certificate */
    g_assert_null (ms_tls_trust_dup_pinned_certificate (trust, "127.0.0.1", ms_fake_server_get_port (server)));
  }
}

static void
test_pin_syntax (void)
{
  g_autoptr(MsTlsTrust) trust = ms_tls_trust_new ();
  g_autofree char *digits = g_strnfill (64, 'a');
  g_autofree char *too_long = g_strnfill (65, 'a');
  g_autofree char *bad = g_strnfill (64, 'g');

  g_assert_true (ms_tls_trust_add_pin (trust, "h", 1, digits));
  g_assert_false (ms_tls_trust_add_pin (trust, "h", 1, too_long));
  g_assert_false (ms_tls_trust_add_pin (trust, "h", 1, bad));
  g_assert_false (ms_tls_trust_add_pin (trust, "h", 1, "AB:CD"));
  g_assert_false (ms_tls_trust_is_pinned (trust, "h", 1, NULL));
}

static void
test_flags_to_string (void)
{
  g_autofree char *none = ms_tls_certificate_flags_to_string (0);
  g_autofree char *two = ms_tls_certificate_flags_to_string (G_TLS_CERTIFICATE_UNKNOWN_CA
                                                             | G_TLS_CERTIFICATE_EXPIRED);

  g_assert_cmpstr (none, ==, "none");
  g_assert_cmpstr (two, ==, "unknown issuer, expired");
  g_assert_cmpstr (ms_tls_protocol_version_to_string (G_TLS_PROTOCOL_VERSION_TLS_1_3), ==, "TLS 1.3");
  g_assert_null (ms_tls_protocol_version_to_string (G_TLS_PROTOCOL_VERSION_UNKNOWN));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The isolated test folders hold no GSettings schemas, which GNOME's proxy resolver needs;
   * these tests only ever connect to 127.0.0.1. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  pki = ms_test_pki_new (&error);
  g_assert_no_error (error);

  g_test_add_func ("/mail-stream/lines", test_lines);
  g_test_add_func ("/mail-stream/write-refuses-line-breaks", test_write_refuses_line_breaks);
  g_test_add_func ("/mail-stream/line-too-long", test_line_too_long);
  g_test_add_func ("/mail-stream/endless-line", test_endless_line);
  g_test_add_func ("/mail-stream/too-much-data", test_too_much_data);
  g_test_add_func ("/mail-stream/nul-byte", test_nul_byte);
  g_test_add_func ("/mail-stream/timeout/silent-server", test_silent_server_times_out);
  g_test_add_func ("/mail-stream/timeout/silent-tls-server", test_silent_tls_server_times_out);
  g_test_add_func ("/mail-stream/timeout/black-holed-connect", test_black_holed_connect_times_out);
  g_test_add_func ("/mail-stream/server-closes", test_server_closes);
  g_test_add_func ("/mail-stream/connection-refused", test_connection_refused);
  g_test_add_func ("/mail-stream/cancel-read", test_cancel_read);
  g_test_add_func ("/mail-stream/tls/implicit", test_implicit_tls);
  g_test_add_func ("/mail-stream/tls/untrusted", test_tls_untrusted);
  g_test_add_func ("/mail-stream/tls/wrong-host", test_tls_wrong_host);
  g_test_add_func ("/mail-stream/tls/system-trust", test_tls_system_trust);
  g_test_add_func ("/mail-stream/tls/pinned", test_pinned_certificate);
  g_test_add_func ("/mail-stream/tls/pin-syntax", test_pin_syntax);
  g_test_add_func ("/mail-stream/tls/flags-to-string", test_flags_to_string);
  g_test_add_func ("/mail-stream/starttls/upgrade", test_starttls);
  g_test_add_func ("/mail-stream/starttls/injection", test_starttls_injection);
  g_test_add_func ("/mail-stream/starttls/injection-late", test_starttls_injection_late);
  g_test_add_func ("/mail-stream/starttls/wrong-host", test_starttls_wrong_host);

  status = g_test_run ();
  g_clear_pointer (&pki, ms_test_pki_free);
  return status;
}
