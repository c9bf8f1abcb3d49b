/* ms-evolution-trust.h: a certificate the user trusted, recorded where Evolution's Camel
 * looks for it (camel-cert.db and camel_certs/), and the Evolution export with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-account.h"
#include "ms-export-evolution.h"
#include "ms-tls-trust.h"

G_BEGIN_DECLS

/* Camel's fingerprint of a certificate (camel-network-service.c): the MD5 of its DER form,
 * lower-case hex, each byte followed by a colon ("e6:6d:…:70:", 48 characters). It names
 * the record in camel-cert.db and the file of the certificate in camel_certs/. */
char   *ms_camel_cert_fingerprint   (GBytes       *der);

/* The merge (pure): @old (NULL: no file yet) — Camel's certificate database, version 0x100:
 * a header (version, count) and per certificate issuer, subject, host name, fingerprint
 * and trust, in camel-file-utils' encoding — with the record for @host and @fingerprint
 * (ASCII case ignored, as Camel compares them) replaced by one that trusts it fully
 * (CAMEL_CERT_TRUST_FULLY); every other record stays byte for byte. Sets @changed to FALSE
 * when the result equals @old. NULL with an error when @old is not such a file (it is then
 * left alone, never rewritten). */
GBytes *ms_camel_certdb_merge       (const guint8 *old,
                                     gsize         old_length,
                                     const char   *host,
                                     const char   *fingerprint,
                                     gboolean     *changed,
                                     GError      **error);

/* Where that Evolution keeps its data: the host's XDG_DATA_HOME (also from inside our
 * Flatpak), or ~/.var/app/org.gnome.Evolution/data for Flathub's Evolution. Camel reads
 * DATA/evolution/camel-cert.db and DATA/camel_certs/FINGERPRINT. */
char   *ms_evolution_get_data_dir   (MsEvolutionTarget target);

/* Records @certificate as trusted for @host in @data_dir: the certificate's DER form into
 * camel_certs/FINGERPRINT (0600, folder 0700), then the record into
 * evolution/camel-cert.db (backed up first as "camel-cert.db.mail-setup-backup-…",
 * replaced atomically, 0600; untouched when the record is there already). Camel keys its
 * trust by host name and certificate, not by port. Blocking. */
gboolean ms_evolution_trust_save_sync (const char      *data_dir,
                                       const char      *host,
                                       GTlsCertificate *certificate,
                                       GError         **error);

/* ms_export_evolution_async(), then, when it succeeded and @trust (nullable) pins a
 * certificate for exactly the incoming or the outgoing server's host and port, that
 * certificate recorded for Evolution (ms_evolution_trust_save_sync()). The certificate is
 * the one seen in the check; when this process has not seen it (the command line's
 * `export --pin`), one handshake without a password fetches it, and only a certificate
 * with the pinned fingerprint is taken. The result's trusted_certificates lists
 * "HOST:PORT" of each server whose certificate Evolution now trusts, trust_problem says why
 * one could not be recorded: never a reason for the export to fail. Evolution reads the
 * record when it starts: trust_needs_restart says it was running (its application name
 * org.gnome.Evolution had an owner on the session bus; not visible from inside our
 * Flatpak). Nothing blocks. */
void               ms_export_evolution_with_trust_async  (MsAccount           *account,
                                                          const char          *full_name,
                                                          const char          *password,
                                                          MsEvolutionTarget    target,
                                                          MsTlsTrust          *trust,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
MsEvolutionResult *ms_export_evolution_with_trust_finish (GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
