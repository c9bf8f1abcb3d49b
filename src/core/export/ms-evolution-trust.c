/* ms-evolution-trust.c: a certificate the user trusted, recorded where Evolution's Camel
 * looks for it, and the Evolution export with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a TLS certificate fails verification, Camel (camel-network-service.c, the same in
 * Evolution 3.46) looks in its default certificate database — DATA/evolution/camel-cert.db,
 * loaded once by camel_init() — for a record with the account's host name and the
 * certificate's MD5 fingerprint, and in DATA/camel_certs/FINGERPRINT for the certificate
 * itself, which must equal the server's byte for byte; a record that trusts it
 * (marginal, fully, ultimate) lets the connection through without asking. Only a missing
 * record or one for another certificate makes Evolution ask.
 *
 * The file is written here, not through libcamel's CamelCertDB: libcamel keeps
 * camel_certs/ in this process's own XDG_DATA_HOME, which is neither Flathub's Evolution's
 * nor, inside our Flatpak, the host's; and it would bring NSS, ICU, Kerberos and SQLite
 * into the app for a file of a few dozen bytes. The format (camel-certdb.c,
 * camel-file-utils.c) is read back by the real libcamel in tests/export.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ms-evolution-trust.h"

#include "ms-atomic-file.h"
#include "ms-certificate.h"
#include "ms-mail-stream-error.h"
#include "ms-probe.h"
#include "ms-sandbox.h"
#include "ms-user-file.h"

#define CERTDB_VERSION 0x100
#define CAMEL_CERT_TRUST_MARGINAL 2
#define CAMEL_CERT_TRUST_FULLY 3
#define CAMEL_CERT_TRUST_ULTIMATE 4
#define CAMEL_STRING_MAX 65536
#define BACKUP_SUFFIX "mail-setup-backup"
#define PROBE_TIMEOUT_MS 20000
#define EVOLUTION_APP_ID "org.gnome.Evolution"

char *
ms_camel_cert_fingerprint (GBytes *der)
{
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  g_autoptr(GString) out = g_string_sized_new (48);
  guint8 digest[16];
  gsize length = sizeof digest;
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (der != NULL, NULL);

  data = g_bytes_get_data (der, &size);
  g_checksum_update (md5, data, (gssize) size);
  g_checksum_get_digest (md5, digest, &length);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (out, "%02x:", digest[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* --- camel-file-utils' encoding --------------------------------------------------------- */

/* Seven bits at a time, most significant first; the last byte has its top bit set. */
static void
encode_uint32 (GByteArray *out,
               guint32     value)
{
  for (int shift = 28; shift > 0; shift -= 7)
    if (value >= (1u << shift))
      {
        guint8 c = (value >> shift) & 0x7f;
        g_byte_array_append (out, &c, 1);
      }
  {
    guint8 last = (value & 0x7f) | 0x80;
    g_byte_array_append (out, &last, 1);
  }
}

/* Its length plus one, then the bytes (no NUL); NULL is written as "". */
static void
encode_string (GByteArray *out,
               const char *text)
{
  gsize length = text != NULL ? strlen (text) : 0;

  encode_uint32 (out, (guint32) length + 1);
  g_byte_array_append (out, (const guint8 *) (text != NULL ? text : ""), (guint) length);
}

typedef struct {
  const guint8 *data;
  gsize length;
  gsize pos;
} Reader;

static gboolean
decode_uint32 (Reader  *r,
               guint32 *value)
{
  guint32 v = 0;

  for (int n = 0; n < 5 && r->pos < r->length; n++)
    {
      guint8 c = r->data[r->pos++];

      if (c & 0x80)
        {
          *value = (v << 7) | (c & 0x7f);
          return TRUE;
        }
      v = (v << 7) | c;
    }
  return FALSE;
}

/* The string's bytes, in place; NULL-terminated copies are not needed for comparing. */
static gboolean
decode_string (Reader        *r,
               const guint8 **text,
               gsize         *length)
{
  guint32 encoded;

  if (!decode_uint32 (r, &encoded) || encoded == 0 || encoded - 1 > CAMEL_STRING_MAX)
    return FALSE;
  if (r->length - r->pos < encoded - 1)
    return FALSE;
  *text = r->data + r->pos;
  *length = encoded - 1;
  r->pos += encoded - 1;
  return TRUE;
}

static gboolean
same_ascii_nocase (const guint8 *text,
                   gsize         length,
                   const char   *expected)
{
  return strlen (expected) == length
         && g_ascii_strncasecmp ((const char *) text, expected, length) == 0;
}

GBytes *
ms_camel_certdb_merge (const guint8 *old,
                       gsize         old_length,
                       const char   *host,
                       const char   *fingerprint,
                       gboolean     *changed,
                       GError      **error)
{
  g_autoptr(GByteArray) kept = g_byte_array_new ();
  g_autoptr(GByteArray) ours = g_byte_array_new ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  Reader r = { old, old_length, 0 };
  guint32 version = CERTDB_VERSION;
  guint32 count = 0;
  guint32 n_kept = 0;
  guint n_same = 0;
  gboolean only_ours = FALSE;

  g_return_val_if_fail (host != NULL && fingerprint != NULL && changed != NULL, NULL);

  encode_string (ours, NULL);  /* issuer and subject: Camel itself leaves them empty */
  encode_string (ours, NULL);
  encode_string (ours, host);
  encode_string (ours, fingerprint);
  encode_uint32 (ours, CAMEL_CERT_TRUST_FULLY);

  if (old != NULL && (!decode_uint32 (&r, &version) || !decode_uint32 (&r, &count)))
    goto damaged;
  for (guint32 i = 0; old != NULL && i < count; i++)
    {
      gsize start = r.pos;
      const guint8 *field[4];
      gsize field_length[4];
      guint32 trust;

      for (int f = 0; f < 4; f++)
        if (!decode_string (&r, &field[f], &field_length[f]))
          goto damaged;
      if (!decode_uint32 (&r, &trust))
        goto damaged;
      if (same_ascii_nocase (field[2], field_length[2], host)
          && same_ascii_nocase (field[3], field_length[3], fingerprint))
        {
          /* ours already, as we would write it, or a trust at least as strong */
          n_same++;
          only_ours = trust == CAMEL_CERT_TRUST_MARGINAL || trust == CAMEL_CERT_TRUST_FULLY
                      || trust == CAMEL_CERT_TRUST_ULTIMATE;
          continue;
        }
      g_byte_array_append (kept, old + start, (guint) (r.pos - start));
      n_kept++;
    }

  if (n_same == 1 && only_ours)
    {
      *changed = FALSE;
      return g_bytes_new (old, old_length);
    }
  encode_uint32 (out, version);
  encode_uint32 (out, n_kept + 1);
  g_byte_array_append (out, kept->data, kept->len);
  g_byte_array_append (out, ours->data, ours->len);
  *changed = TRUE;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));

damaged:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Evolution’s list of trusted certificates is damaged; it was left as it is."));
  return NULL;
}

/* --- the files ------------------------------------------------------------------------- */

char *
ms_evolution_get_data_dir (MsEvolutionTarget target)
{
  if (target == MS_EVOLUTION_TARGET_FLATPAK)
    return g_build_filename (g_get_home_dir (), ".var", "app", "org.gnome.Evolution", "data",
                             NULL);
  /* Inside our own Flatpak, XDG_DATA_HOME is the sandbox's, not Evolution's. */
  return ms_sandbox_get_host_data_dir ();
}

gboolean
ms_evolution_trust_save_sync (const char      *data_dir,
                              const char      *host,
                              GTlsCertificate *certificate,
                              GError         **error)
{
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GBytes) merged = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *certs_dir = g_build_filename (data_dir, "camel_certs", NULL);
  g_autofree char *db_dir = g_build_filename (data_dir, "evolution", NULL);
  g_autofree char *db_path = g_build_filename (db_dir, "camel-cert.db", NULL);
  g_autofree char *cert_path = NULL;
  g_autofree char *old = NULL;
  g_autofree char *backup = NULL;
  gsize old_length = 0;
  gboolean existed;
  gboolean changed = FALSE;
  gsize der_length;
  const guint8 *der_data;

  g_return_val_if_fail (data_dir != NULL && host != NULL, FALSE);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), FALSE);

  der = ms_certificate_dup_der (certificate);
  if (der == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The certificate could not be read."));
      return FALSE;
    }
  fingerprint = ms_camel_cert_fingerprint (der);
  cert_path = g_build_filename (certs_dir, fingerprint, NULL);

  existed = ms_user_file_read (db_path, MS_USER_FILE_CAMEL_CERTDB, &old, &old_length, &local_error);
  if (!existed && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  merged = ms_camel_certdb_merge ((const guint8 *) old, old_length, host, fingerprint,
                                  &changed, error);
  if (merged == NULL)
    return FALSE;

  /* Inside our Flatpak: only where the host's Evolution will see it. */
  if (!ms_sandbox_check_writable (db_dir, error) || !ms_sandbox_check_writable (certs_dir, error))
    return FALSE;
  /* The certificate first: a record without its file is dropped by Camel. */
  der_data = g_bytes_get_data (der, &der_length);
  if (!ms_atomic_file_mkdir (certs_dir, 0700, error)
      || !ms_atomic_file_write (cert_path, (const char *) der_data, der_length, 0600, error))
    return FALSE;
  if (!changed)
    return TRUE;
  if (!ms_atomic_file_mkdir (db_dir, 0700, error))
    return FALSE;
  if (existed)
    {
      backup = ms_atomic_file_backup (db_path, BACKUP_SUFFIX, 0600, error);
      if (backup == NULL)
        return FALSE;
    }
  if (!ms_atomic_file_write (db_path, g_bytes_get_data (merged, NULL), g_bytes_get_size (merged),
                             0600, error))
    {
      if (backup != NULL)
        g_unlink (backup);
      return FALSE;
    }
  return TRUE;
}

/* --- the export with it ------------------------------------------------------------------ */

typedef struct {
  MsTlsTrust *trust;
  MsEvolutionTarget target;
  MsEvolutionResult *result;
  MsServer *servers[2];  /* the incoming and the outgoing server with a pin */
  guint n_servers;
  guint next;            /* the server whose certificate is looked for */
  GTlsCertificate *certificates[2];
  gboolean evolution_running;
} TrustData;

static void
trust_data_free (gpointer data)
{
  TrustData *d = data;

  g_clear_pointer (&d->trust, ms_tls_trust_unref);
  ms_evolution_result_free (d->result);
  for (guint i = 0; i < G_N_ELEMENTS (d->servers); i++)
    {
      g_clear_pointer (&d->servers[i], ms_server_unref);
      g_clear_object (&d->certificates[i]);
    }
  g_free (d);
}

static void
add_problem (TrustData  *d,
             const char *message)
{
  if (d->result->trust_problem == NULL)
    d->result->trust_problem = g_strdup (message);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TrustData *d = task_data;
  g_autofree char *data_dir = ms_evolution_get_data_dir (d->target);

  for (guint i = 0; i < d->n_servers; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *host = ms_server_get_host (d->servers[i]);

      if (d->certificates[i] == NULL)
        continue;
      if (ms_evolution_trust_save_sync (data_dir, host, d->certificates[i], &error))
        g_ptr_array_add (d->result->trusted_certificates,
                         g_strdup_printf ("%s:%u", host, ms_server_get_port (d->servers[i])));
      else
        add_problem (d, error->message);
    }
  d->result->trust_needs_restart = d->evolution_running && d->result->trusted_certificates->len > 0;
  g_task_return_pointer (task, g_steal_pointer (&d->result), (GDestroyNotify) ms_evolution_result_free);
}

static void next_certificate (GTask *task);

static void
on_probed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TrustData *d = g_task_get_task_data (task);
  MsServer *server = d->servers[d->next];
  g_autoptr(MsProbeResult) probe = NULL;
  g_autoptr(GError) error = NULL;

  probe = ms_probe_finish (result, &error);
  d->certificates[d->next] = ms_tls_trust_dup_pinned_certificate (d->trust, ms_server_get_host (server),
                                                                  ms_server_get_port (server));
  if (d->certificates[d->next] == NULL && probe != NULL && probe->tls_established
      && probe->tls_errors == 0)
    ;  /* the system trusts the server's certificate: Evolution needs no record for it */
  else if (d->certificates[d->next] == NULL && probe == NULL
           && !g_error_matches (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TLS_FAILED))
    add_problem (d, error->message);  /* not reached: nothing known about its certificate */
  else if (d->certificates[d->next] == NULL)
    {
      g_autofree char *message = g_strdup_printf (
        /* TRANSLATORS: %s is a server name */
        _("%s did not show the certificate you trusted"), ms_server_get_host (server));
      add_problem (d, message);
    }
  d->next++;
  next_certificate (g_steal_pointer (&task));
}

/* The certificate of each pinned server: the one seen in the check, else fetched. */
static void
next_certificate (GTask *task)
{
  TrustData *d = g_task_get_task_data (task);

  for (; d->next < d->n_servers; d->next++)
    {
      MsServer *server = d->servers[d->next];

      d->certificates[d->next] = ms_tls_trust_dup_pinned_certificate (
        d->trust, ms_server_get_host (server), ms_server_get_port (server));
      if (d->certificates[d->next] != NULL)
        continue;
      ms_probe_with_trust_async (server, d->trust, PROBE_TIMEOUT_MS, g_task_get_cancellable (task),
                                 on_probed, g_object_ref (task));
      g_object_unref (task);
      return;
    }
  g_task_run_in_thread (task, save_thread);
  g_object_unref (task);
}

static void
on_evolution_running (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TrustData *d = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &d->evolution_running);
  next_certificate (g_steal_pointer (&task));
}

static void
on_bus (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, NULL);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (bus == NULL)
    {
      next_certificate (g_steal_pointer (&task));
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "NameHasOwner",
                          g_variant_new ("(s)", EVOLUTION_APP_ID), G_VARIANT_TYPE ("(b)"),
                          G_DBUS_CALL_FLAGS_NONE, 5000, cancellable,
                          on_evolution_running, g_steal_pointer (&task));
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TrustData *d = g_task_get_task_data (task);
  MsAccount *account = g_object_get_data (G_OBJECT (task), "account");
  GCancellable *cancellable;
  GError *error = NULL;

  d->result = ms_export_evolution_finish (result, &error);
  if (d->result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  d->result->trusted_certificates = g_ptr_array_new_with_free_func (g_free);
  for (int incoming = 1; incoming >= 0 && d->trust != NULL; incoming--)
    {
      MsServer *server = ms_account_get_first_server (account, incoming);
      g_autofree char *pin = NULL;

      if (server == NULL || ms_server_get_security (server) == MS_SECURITY_NONE)
        continue;
      pin = ms_tls_trust_dup_pin (d->trust, ms_server_get_host (server), ms_server_get_port (server));
      if (pin != NULL)
        d->servers[d->n_servers++] = ms_server_ref (server);
    }
  if (d->n_servers == 0)
    {
      next_certificate (g_steal_pointer (&task));
      return;
    }
  /* Evolution reads camel-cert.db when it starts (camel_init()): a running one learns of
   * the record only then. Its application (native or Flathub's) owns this name. */
  cancellable = g_task_get_cancellable (task);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, on_bus, g_steal_pointer (&task));
}

void
ms_export_evolution_with_trust_async (MsAccount           *account,
                                      const char          *full_name,
                                      const char          *password,
                                      MsEvolutionTarget    target,
                                      MsTlsTrust          *trust,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TrustData *d;

  g_return_if_fail (MS_IS_ACCOUNT (account));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_export_evolution_with_trust_async);
  d = g_new0 (TrustData, 1);
  d->trust = trust != NULL ? ms_tls_trust_ref (trust) : NULL;
  d->target = target;
  g_task_set_task_data (task, d, trust_data_free);
  g_object_set_data_full (G_OBJECT (task), "account", ms_account_copy (account), g_object_unref);
  ms_export_evolution_async (account, full_name, password, target, cancellable, on_exported,
                             g_steal_pointer (&task));
}

MsEvolutionResult *
ms_export_evolution_with_trust_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
