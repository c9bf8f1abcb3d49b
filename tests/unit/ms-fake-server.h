/* ms-fake-server.h: a small scriptable mail server for unit tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Listens on 127.0.0.1 (a free port), accepts one connection and plays a script of steps
 * on it, in the test's main context: send bytes (one write each, so several replies in one
 * step arrive together — the response-injection case), expect a line (a glob pattern),
 * start TLS as the server, close. When the script is over it keeps reading and records
 * whatever the client still sends until the client closes; an empty script is a server
 * that stays silent after accepting.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _MsFakeServer MsFakeServer;

/* @certificate: nullable; needed for ms_fake_server_start_tls() steps */
MsFakeServer *ms_fake_server_new              (GTlsCertificate *certificate);
void          ms_fake_server_free             (MsFakeServer    *self);
guint16       ms_fake_server_get_port         (MsFakeServer    *self);

/* Script steps, played in order on the first connection. */
void          ms_fake_server_send             (MsFakeServer    *self,
                                               const char      *data);
void          ms_fake_server_expect           (MsFakeServer    *self,
                                               const char      *pattern);
void          ms_fake_server_start_tls        (MsFakeServer    *self);
void          ms_fake_server_close            (MsFakeServer    *self);

/* Runs the main context until the connection has ended (at most @timeout_ms). */
gboolean      ms_fake_server_wait_done        (MsFakeServer    *self,
                                               guint            timeout_ms);
gboolean      ms_fake_server_get_accepted     (MsFakeServer    *self);
/* NULL if every step passed so far (a client going away mid-script is not a failure) */
const char   *ms_fake_server_get_failure      (MsFakeServer    *self);
/* the index of the next step to play (== number of steps when the script is over) */
guint         ms_fake_server_get_step         (MsFakeServer    *self);
guint         ms_fake_server_get_n_steps      (MsFakeServer    *self);
/* every line the client sent, each followed by "\n" */
const char   *ms_fake_server_get_received     (MsFakeServer    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsFakeServer, ms_fake_server_free)

/* Certificates made at test time with certtool in a temporary folder: a test CA, a server
 * certificate for localhost and 127.0.0.1 signed by it, one for other.example.org signed by
 * it, and a self-signed one for localhost and 127.0.0.1. */
typedef struct {
  char *dir;
  char *ca_file;
  GTlsDatabase *database;          /* trusts the test CA only */
  GTlsCertificate *good;
  GTlsCertificate *wrong_host;
  GTlsCertificate *self_signed;
} MsTestPki;

MsTestPki    *ms_test_pki_new                 (GError         **error);
void          ms_test_pki_free                (MsTestPki       *pki);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTestPki, ms_test_pki_free)

G_END_DECLS
