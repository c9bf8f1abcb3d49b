/* ms-account-reader.c: the mail accounts the user has in Evolution and Thunderbird
 *
 * The reading twin of the exports: the same keys ms-evolution-sources.c and
 * ms-thunderbird-account.c write, read back from whatever wrote them (Evolution's own
 * account editor, Thunderbird's wizard, us).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mail-setup-export"

#include "config.h"

#include <string.h>

#include "ms-account-reader.h"
#include "ms-evolution-sources.h"
#include "ms-export-evolution.h"
#include "ms-user-file.h"

#define REGISTRY_TIMEOUT_MS 10000

MsFoundAccount *
ms_found_account_copy (const MsFoundAccount *self)
{
  MsFoundAccount *copy = g_new0 (MsFoundAccount, 1);

  copy->client = self->client;
  copy->address = g_strdup (self->address);
  copy->display_name = g_strdup (self->display_name);
  copy->incoming = self->incoming != NULL ? ms_server_copy (self->incoming) : NULL;
  copy->outgoing = self->outgoing != NULL ? ms_server_copy (self->outgoing) : NULL;
  copy->location = g_strdup (self->location);
  copy->profile_name = g_strdup (self->profile_name);
  copy->via_registry = self->via_registry;
  copy->account_uid = g_strdup (self->account_uid);
  copy->identity_uid = g_strdup (self->identity_uid);
  copy->transport_uid = g_strdup (self->transport_uid);
  copy->account_key = g_strdup (self->account_key);
  copy->server_key = g_strdup (self->server_key);
  copy->identity_key = g_strdup (self->identity_key);
  copy->smtp_key = g_strdup (self->smtp_key);
  return copy;
}

void
ms_found_account_free (MsFoundAccount *self)
{
  if (self == NULL)
    return;
  g_free (self->address);
  g_free (self->display_name);
  g_clear_pointer (&self->incoming, ms_server_unref);
  g_clear_pointer (&self->outgoing, ms_server_unref);
  g_free (self->location);
  g_free (self->profile_name);
  g_free (self->account_uid);
  g_free (self->identity_uid);
  g_free (self->transport_uid);
  g_free (self->account_key);
  g_free (self->server_key);
  g_free (self->identity_key);
  g_free (self->smtp_key);
  g_free (self);
}

/* --- Evolution ------------------------------------------------------------------- */

static MsSecurity
evolution_security (GKeyFile *kf)
{
  g_autofree char *method = g_key_file_get_string (kf, "Security", "Method", NULL);

  /* CamelNetworkSecurityMethod nicks; missing or unknown is plaintext, as in EDS. */
  if (g_strcmp0 (method, "ssl-on-alternate-port") == 0)
    return MS_SECURITY_TLS;
  if (g_strcmp0 (method, "starttls-on-standard-port") == 0)
    return MS_SECURITY_STARTTLS;
  return MS_SECURITY_NONE;
}

/* The [Authentication] and [Security] of a store or transport as a server. */
static MsServer *
evolution_server (GKeyFile   *kf,
                  MsProtocol  protocol)
{
  g_autofree char *host = g_key_file_get_string (kf, "Authentication", "Host", NULL);
  g_autofree char *user = g_key_file_get_string (kf, "Authentication", "User", NULL);
  g_autofree char *method = g_key_file_get_string (kf, "Authentication", "Method", NULL);
  MsSecurity security = evolution_security (kf);
  gint port = g_key_file_get_integer (kf, "Authentication", "Port", NULL);
  MsServer *server;

  if (host == NULL || *host == '\0')
    return NULL;
  if (port <= 0 || port > 65535)
    port = ms_protocol_default_port (protocol, security);
  server = ms_server_new (protocol, host, (guint16) port, security,
                          user != NULL && *user != '\0' ? user : NULL);
  if (method != NULL && (g_ascii_strcasecmp (method, "XOAUTH2") == 0 ||
                         g_ascii_strcasecmp (method, "OAUTHBEARER") == 0 ||
                         strcmp (method, "Google") == 0 || strcmp (method, "Outlook") == 0 ||
                         strcmp (method, "Yahoo") == 0))
    ms_server_add_auth (server, MS_AUTH_OAUTH2);
  else if (protocol == MS_PROTOCOL_SMTP && (method == NULL || *method == '\0'))
    ms_server_add_auth (server, MS_AUTH_NO_SIGN_IN);
  else
    ms_server_add_auth (server, MS_AUTH_PASSWORD);
  return server;
}

void
ms_account_reader_parse_evolution (GHashTable         *sources,
                                   const MsMailClient *client,
                                   const char         *location,
                                   gboolean            via_registry,
                                   GPtrArray          *out)
{
  g_autoptr(GPtrArray) accounts = ms_evolution_list_mail_accounts (sources);

  for (guint i = 0; i < accounts->len; i++)
    {
      MsEvolutionMailAccount *a = g_ptr_array_index (accounts, i);
      g_autofree char *backend = g_key_file_get_string (a->account, "Mail Account",
                                                        "BackendName", NULL);
      MsFoundAccount *found;
      MsProtocol protocol;

      if (g_strcmp0 (backend, "imapx") == 0 || g_strcmp0 (backend, "imap") == 0)
        protocol = MS_PROTOCOL_IMAP;
      else if (g_strcmp0 (backend, "pop") == 0)
        protocol = MS_PROTOCOL_POP3;
      else
        continue;  /* "none" (On This Computer), ews, local folders … */

      found = g_new0 (MsFoundAccount, 1);
      found->client = client;
      found->location = g_strdup (location);
      found->via_registry = via_registry;
      found->account_uid = g_strdup (a->account_uid);
      found->incoming = evolution_server (a->account, protocol);
      found->identity_uid = g_strdup (a->identity_uid);
      if (a->identity != NULL)
        {
          found->address = g_key_file_get_string (a->identity, "Mail Identity", "Address", NULL);
          found->display_name = g_key_file_get_string (a->identity, "Mail Identity", "Name", NULL);
        }
      found->transport_uid = g_strdup (a->transport_uid);
      if (a->transport != NULL)
        found->outgoing = evolution_server (a->transport, MS_PROTOCOL_SMTP);
      if (found->address == NULL && found->incoming != NULL)
        found->address = g_strdup (ms_server_get_username (found->incoming));
      g_ptr_array_add (out, found);
    }
}

GHashTable *
ms_account_reader_load_registry (MsEvolutionTarget  target,
                                 GHashTable       **paths,
                                 GCancellable      *cancellable)
{
  const char *bus_name = ms_evolution_get_registry_bus_name (target);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, NULL);
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_owner = FALSE;

  if (bus == NULL)
    return NULL;
  owned = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", bus_name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, cancellable, NULL);
  if (owned != NULL)
    g_variant_get (owned, "(b)", &has_owner);
  if (!has_owner)
    return NULL;
  reply = g_dbus_connection_call_sync (bus, bus_name, MS_EVOLUTION_SOURCE_MANAGER_PATH,
                                       "org.freedesktop.DBus.ObjectManager", "GetManagedObjects",
                                       NULL, G_VARIANT_TYPE ("(a{oa{sa{sv}}})"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, REGISTRY_TIMEOUT_MS,
                                       cancellable, &error);
  if (reply == NULL)
    {
      g_debug ("the registry did not list its sources: %s", error->message);
      return NULL;
    }
  return ms_evolution_sources_from_objects (reply, paths);
}

/* --- Thunderbird ----------------------------------------------------------------- */

static const char *
pref_field (MsPrefs    *prefs,
            const char *prefix,
            const char *key,
            const char *field)
{
  g_autofree char *name = g_strconcat (prefix, key, ".", field, NULL);

  return ms_prefs_get_string (prefs, name);
}

static gint64
pref_int_field (MsPrefs    *prefs,
                const char *prefix,
                const char *key,
                const char *field,
                gint64      fallback)
{
  g_autofree char *name = g_strconcat (prefix, key, ".", field, NULL);
  gint64 value;

  return ms_prefs_get_int (prefs, name, &value) ? value : fallback;
}

/* The first item of a comma-separated list, or NULL. */
static char *
first_of_list (const char *list)
{
  g_auto(GStrv) items = NULL;

  if (list == NULL)
    return NULL;
  items = g_strsplit (list, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (*items[i] != '\0')
        return g_strdup (items[i]);
    }
  return NULL;
}

/* Thunderbird's socketType / try_ssl: 0 plain, 1 "STARTTLS if offered" (old), 2 STARTTLS,
 * 3 TLS. */
static MsSecurity
thunderbird_security (gint64 socket_type)
{
  switch (socket_type)
    {
    case 3:
      return MS_SECURITY_TLS;
    case 1:
    case 2:
      return MS_SECURITY_STARTTLS;
    default:
      return MS_SECURITY_NONE;
    }
}

/* authMethod: 1 none (old), 2 "old" password, 3 cleartext, 4 encrypted, 10 OAuth2 … */
static void
thunderbird_auth (MsServer *server,
                  gint64    method)
{
  if (method == 10)
    ms_server_add_auth (server, MS_AUTH_OAUTH2);
  else if (method == 1)
    ms_server_add_auth (server, MS_AUTH_NO_SIGN_IN);
  else if (method == 4)
    ms_server_add_auth (server, MS_AUTH_PASSWORD | MS_AUTH_PASSWORD_ENCRYPTED);
  else
    ms_server_add_auth (server, MS_AUTH_PASSWORD);
}

static MsServer *
thunderbird_server (MsPrefs    *prefs,
                    const char *prefix,
                    const char *key,
                    MsProtocol  protocol)
{
  gboolean smtp = protocol == MS_PROTOCOL_SMTP;
  const char *host = pref_field (prefs, prefix, key, "hostname");
  const char *user = pref_field (prefs, prefix, key, smtp ? "username" : "userName");
  MsSecurity security = thunderbird_security (pref_int_field (prefs, prefix, key,
                                                              smtp ? "try_ssl" : "socketType",
                                                              0));
  gint64 port = pref_int_field (prefs, prefix, key, "port", 0);
  MsServer *server;

  if (host == NULL || *host == '\0')
    return NULL;
  if (port <= 0 || port > 65535)
    /* Thunderbird's own defaults: SMTP is 25 unless TLS from the first byte. */
    port = smtp && security != MS_SECURITY_TLS ? 25 : ms_protocol_default_port (protocol, security);
  server = ms_server_new (protocol, host, (guint16) port, security,
                          user != NULL && *user != '\0' ? user : NULL);
  thunderbird_auth (server, pref_int_field (prefs, prefix, key, "authMethod", 3));
  return server;
}

void
ms_account_reader_parse_thunderbird (MsPrefs            *prefs,
                                     const MsMailClient *client,
                                     const char         *profile_dir,
                                     const char         *profile_name,
                                     GPtrArray          *out)
{
  g_auto(GStrv) accounts = NULL;
  const char *list = ms_prefs_get_string (prefs, "mail.accountmanager.accounts");

  if (list == NULL)
    return;
  accounts = g_strsplit (list, ",", -1);
  for (guint i = 0; accounts[i] != NULL; i++)
    {
      const char *account = g_strstrip (accounts[i]);
      const char *server_key = pref_field (prefs, "mail.account.", account, "server");
      const char *type;
      MsFoundAccount *found;
      MsProtocol protocol;
      const char *smtp_key;

      if (*account == '\0' || server_key == NULL)
        continue;
      type = pref_field (prefs, "mail.server.", server_key, "type");
      if (g_strcmp0 (type, "imap") == 0)
        protocol = MS_PROTOCOL_IMAP;
      else if (g_strcmp0 (type, "pop3") == 0)
        protocol = MS_PROTOCOL_POP3;
      else
        continue;  /* Local Folders, news, feeds */

      found = g_new0 (MsFoundAccount, 1);
      found->client = client;
      found->location = g_strdup (profile_dir);
      found->profile_name = g_strdup (profile_name);
      found->account_key = g_strdup (account);
      found->server_key = g_strdup (server_key);
      found->incoming = thunderbird_server (prefs, "mail.server.", server_key, protocol);
      found->identity_key = first_of_list (pref_field (prefs, "mail.account.", account,
                                                       "identities"));
      if (found->identity_key != NULL)
        {
          found->address = g_strdup (pref_field (prefs, "mail.identity.", found->identity_key,
                                                 "useremail"));
          found->display_name = g_strdup (pref_field (prefs, "mail.identity.",
                                                      found->identity_key, "fullName"));
          smtp_key = pref_field (prefs, "mail.identity.", found->identity_key, "smtpServer");
        }
      else
        smtp_key = NULL;
      /* No server of its own: the default one. */
      if (smtp_key == NULL || *smtp_key == '\0')
        smtp_key = ms_prefs_get_string (prefs, "mail.smtp.defaultserver");
      if (smtp_key != NULL && *smtp_key != '\0')
        {
          found->smtp_key = g_strdup (smtp_key);
          found->outgoing = thunderbird_server (prefs, "mail.smtpserver.", smtp_key,
                                                MS_PROTOCOL_SMTP);
        }
      if (found->address == NULL && found->incoming != NULL)
        found->address = g_strdup (ms_server_get_username (found->incoming));
      g_ptr_array_add (out, found);
    }
}

/* --- everything on this computer ------------------------------------------------- */

static void
find_evolution (const MsMailClient *client,
                GPtrArray          *out,
                GCancellable       *cancellable)
{
  g_autofree char *dir = ms_evolution_get_sources_dir (client->evolution);
  g_autoptr(GHashTable) sources = ms_account_reader_load_registry (client->evolution, NULL,
                                                                   cancellable);
  gboolean via_registry = sources != NULL;

  if (sources == NULL)
    {
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        return;
      sources = ms_evolution_load_sources_dir (dir, FALSE, NULL);
    }
  ms_account_reader_parse_evolution (sources, client, dir, via_registry, out);
}

static void
find_thunderbird (const MsMailClient *client,
                  GPtrArray          *out)
{
  g_autofree char *root = ms_thunderbird_get_root_dir (client->thunderbird);
  g_autoptr(GPtrArray) profiles = ms_thunderbird_profiles_load (root, NULL);

  for (guint i = 0; profiles != NULL && i < profiles->len; i++)
    {
      MsThunderbirdProfile *p = g_ptr_array_index (profiles, i);
      const char *dir = ms_thunderbird_profile_get_path (p);
      g_autofree char *path = g_build_filename (dir, "prefs.js", NULL);
      g_autofree char *text = NULL;
      g_autoptr(MsPrefs) prefs = NULL;
      gsize length;

      if (!ms_user_file_read (path, MS_USER_FILE_PREFS_JS, &text, &length, NULL))
        continue;
      prefs = ms_prefs_parse (text, length, NULL);
      if (prefs != NULL)
        ms_account_reader_parse_thunderbird (prefs, client, dir,
                                             ms_thunderbird_profile_get_name (p), out);
    }
}

GPtrArray *
ms_account_reader_find_all (GCancellable *cancellable)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_found_account_free);
  guint n_clients;
  const MsMailClient *clients = ms_mail_client_get_all (&n_clients);

  for (guint i = 0; i < n_clients; i++)
    {
      if (clients[i].kind == MS_CLIENT_EVOLUTION)
        find_evolution (&clients[i], out, cancellable);
      else
        find_thunderbird (&clients[i], out);
    }
  return out;
}

static void
find_all_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_task_return_pointer (task, ms_account_reader_find_all (cancellable),
                         (GDestroyNotify) g_ptr_array_unref);
}

void
ms_account_reader_find_all_async (GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_account_reader_find_all_async);
  g_task_run_in_thread (task, find_all_thread);
}

GPtrArray *
ms_account_reader_find_all_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
