/* ms-evolution-sources.c: the three .source key files of an account, built without I/O
 *
 * Evolution keeps a mail account as three linked key files: the mail account (store), its
 * identity and its transport (SMTP), each named by a UID. This file builds their data
 * from an MsAccount, finds the same account among existing sources and merges ours into
 * theirs. Pure: ms-export-evolution.c does the D-Bus, file and keyring work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-evolution"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "ms-evolution-sources.h"

G_DEFINE_QUARK (ms-evolution-error-quark, ms_evolution_error)

char *
ms_evolution_new_uid (void)
{
  static gint counter;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  struct {
    gint64 real;
    gint64 mono;
    guint32 random[4];
    int pid;
    int count;
  } seed;

  memset (&seed, 0, sizeof seed);
  seed.real = g_get_real_time ();
  seed.mono = g_get_monotonic_time ();
  for (guint i = 0; i < G_N_ELEMENTS (seed.random); i++)
    seed.random[i] = g_random_int ();
  seed.pid = (int) getpid ();
  seed.count = g_atomic_int_add (&counter, 1);
  g_checksum_update (sum, (const guchar *) &seed, sizeof seed);
  g_checksum_update (sum, (const guchar *) g_get_host_name (), -1);
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
host_under (const char *host,
            const char *domain)
{
  gsize hl = strlen (host);
  gsize dl = strlen (domain);

  if (g_ascii_strcasecmp (host, domain) == 0)
    return TRUE;
  return hl > dl && host[hl - dl - 1] == '.' && g_ascii_strcasecmp (host + hl - dl, domain) == 0;
}

const char *
ms_evolution_oauth2_method (const char *host)
{
  static const struct {
    const char *domain;
    const char *method;
  } services[] = {
    /* The names of EDS's EOAuth2Service implementations. */
    { "gmail.com", "Google" },
    { "googlemail.com", "Google" },
    { "google.com", "Google" },
    { "outlook.com", "Outlook" },
    { "office365.com", "Outlook" },
    { "hotmail.com", "Outlook" },
    { "live.com", "Outlook" },
    { "yahoo.com", "Yahoo" },
  };

  if (host == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    if (host_under (host, services[i].domain))
      return services[i].method;
  return NULL;
}

void
ms_evolution_sources_free (MsEvolutionSources *sources)
{
  if (sources == NULL)
    return;
  g_free (sources->account_uid);
  g_free (sources->identity_uid);
  g_free (sources->transport_uid);
  g_free (sources->account_data);
  g_free (sources->identity_data);
  g_free (sources->transport_data);
  g_free (sources->account_backend);
  g_free (sources);
}

static const char *
security_method (MsServer *server)
{
  /* CamelNetworkSecurityMethod nicks; a missing or unknown value means plaintext. */
  switch (ms_server_get_security (server))
    {
    case MS_SECURITY_TLS:
      return "ssl-on-alternate-port";
    case MS_SECURITY_STARTTLS:
      return "starttls-on-standard-port";
    case MS_SECURITY_NONE:
    default:
      return "none";
    }
}

/* The OAuth2 method when the server signs in through the browser, else NULL. */
static gboolean
oauth2_method (MsAccount   *account,
               MsServer    *server,
               const char **method,
               GError     **error)
{
  gboolean wants = ms_account_get_oauth2_required (account) ||
                   ms_server_get_preferred_auth (server) == MS_AUTH_OAUTH2;

  *method = NULL;
  if (!wants)
    return TRUE;
  *method = ms_evolution_oauth2_method (ms_server_get_host (server));
  if (*method != NULL)
    return TRUE;
  if (ms_account_get_oauth2_required (account))
    {
      g_set_error (error, MS_EVOLUTION_ERROR, MS_EVOLUTION_ERROR_ACCOUNT_INVALID,
                   /* TRANSLATORS: %s is a server name */
                   _("Evolution cannot sign in to %s: the server needs a browser sign-in "
                     "(OAuth2) that Evolution does not offer for it."),
                   ms_server_get_host (server));
      return FALSE;
    }
  /* OAuth2 preferred but not possible in Evolution: the password method will do. */
  return TRUE;
}

/* @user: NULL for a server without sign-in (nothing to sign in as). */
static void
set_authentication (GKeyFile   *kf,
                    MsServer   *server,
                    const char *user,
                    const char *method)
{
  g_key_file_set_string (kf, "Authentication", "Host", ms_server_get_host (server));
  g_key_file_set_integer (kf, "Authentication", "Port", ms_server_get_port (server));
  if (user != NULL)
    g_key_file_set_string (kf, "Authentication", "User", user);
  if (method != NULL)
    g_key_file_set_string (kf, "Authentication", "Method", method);
  g_key_file_set_boolean (kf, "Authentication", "RememberPassword", TRUE);
  g_key_file_set_string (kf, "Security", "Method", security_method (server));
}

static void
set_data_source (GKeyFile   *kf,
                 const char *display_name,
                 const char *parent)
{
  g_key_file_set_string (kf, "Data Source", "DisplayName", display_name);
  g_key_file_set_boolean (kf, "Data Source", "Enabled", TRUE);
  g_key_file_set_string (kf, "Data Source", "Parent", parent != NULL ? parent : "");
}

static MsEvolutionSources *
sources_build (MsAccount   *account,
               const char  *full_name,
               const char  *account_uid,
               const char  *identity_uid,
               const char  *transport_uid,
               GError     **error)
{
  g_autoptr(MsEvolutionSources) s = NULL;
  g_autoptr(GKeyFile) a = g_key_file_new ();
  g_autoptr(GKeyFile) i = g_key_file_new ();
  g_autoptr(GKeyFile) t = g_key_file_new ();
  const char *address;
  const char *in_method;
  const char *out_method;
  const char *user;
  MsServer *in;
  MsServer *out;
  gboolean out_signs_in;

  g_return_val_if_fail (MS_IS_ACCOUNT (account), NULL);

  address = ms_address_get_address (ms_account_get_address (account));
  in = ms_account_get_first_server (account, TRUE);
  out = ms_account_get_first_server (account, FALSE);
  if (in == NULL || out == NULL)
    {
      g_set_error (error, MS_EVOLUTION_ERROR, MS_EVOLUTION_ERROR_ACCOUNT_INVALID,
                   in == NULL ? _("The account has no incoming (IMAP or POP3) server.")
                              : _("The account has no outgoing (SMTP) server."));
      return NULL;
    }
  /* An ISP's relay for its own customers takes mail without any sign-in. */
  out_signs_in = ms_server_get_preferred_auth (out) != MS_AUTH_NO_SIGN_IN;
  out_method = NULL;
  if (!oauth2_method (account, in, &in_method, error) ||
      (out_signs_in && !oauth2_method (account, out, &out_method, error)))
    return NULL;

  s = g_new0 (MsEvolutionSources, 1);
  s->account_uid = account_uid != NULL ? g_strdup (account_uid) : ms_evolution_new_uid ();
  s->identity_uid = identity_uid != NULL ? g_strdup (identity_uid) : ms_evolution_new_uid ();
  s->transport_uid = transport_uid != NULL ? g_strdup (transport_uid) : ms_evolution_new_uid ();
  s->account_backend = g_strdup (ms_server_get_protocol (in) == MS_PROTOCOL_IMAP ? "imapx" : "pop");
  s->account_needs_password = in_method == NULL;
  s->transport_needs_password = out_signs_in && out_method == NULL;

  /* The account (store). A password login keeps the default method ("none" in the
   * file): IMAP LOGIN or POP3 USER/PASS, which every server that takes passwords
   * accepts — Evolution's own "Password" choice. */
  set_data_source (a, address, NULL);
  g_key_file_set_string (a, "Mail Account", "BackendName", s->account_backend);
  g_key_file_set_string (a, "Mail Account", "IdentityUid", s->identity_uid);
  /* Evolution finds the Sent, Drafts, Trash and Junk folders at the first connection. */
  g_key_file_set_boolean (a, "Mail Account", "NeedsInitialSetup", TRUE);
  user = ms_server_get_username (in);
  set_authentication (a, in, user != NULL && *user != '\0' ? user : address, in_method);
  if (ms_server_get_protocol (in) == MS_PROTOCOL_POP3)
    /* Never delete the user's mail from the server behind their back. */
    g_key_file_set_boolean (a, "Pop Backend", "KeepOnServer", TRUE);

  /* The identity */
  set_data_source (i, address, s->account_uid);
  g_key_file_set_string (i, "Mail Identity", "Address", address);
  if (full_name != NULL && *full_name != '\0')
    g_key_file_set_string (i, "Mail Identity", "Name", full_name);
  g_key_file_set_string (i, "Mail Submission", "TransportUid", s->transport_uid);

  /* The transport: SMTP needs an explicit method, "none" means no AUTH at all — what
   * Evolution writes when "Server requires authentication" is off (ESourceAuthentication's
   * convention for no sign-in), with no user and no password. */
  set_data_source (t, address, s->account_uid);
  g_key_file_set_string (t, "Mail Transport", "BackendName", "smtp");
  user = ms_server_get_username (out);
  if (out_signs_in)
    set_authentication (t, out, user != NULL && *user != '\0' ? user : address,
                        out_method != NULL ? out_method : "PLAIN");
  else
    set_authentication (t, out, NULL, "none");

  s->account_data = g_key_file_to_data (a, NULL, NULL);
  s->identity_data = g_key_file_to_data (i, NULL, NULL);
  s->transport_data = g_key_file_to_data (t, NULL, NULL);
  return g_steal_pointer (&s);
}

MsEvolutionSources *
ms_evolution_sources_new (MsAccount   *account,
                          const char  *full_name,
                          GError     **error)
{
  g_return_val_if_fail (MS_IS_ACCOUNT (account), NULL);
  return sources_build (account, full_name, NULL, NULL, NULL, error);
}

static GKeyFile *
parse_source (const char *data)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  if (data == NULL ||
      !g_key_file_load_from_data (kf, data, (gsize) -1,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, NULL))
    return NULL;
  return g_steal_pointer (&kf);
}

static gboolean
same_name (const char *a,
           const char *b)
{
  return a != NULL && b != NULL && *a != '\0' && g_ascii_strcasecmp (a, b) == 0;
}

/* The key-file data of @uid's source, if @existing has it. */
static const char *
existing_data (GHashTable *existing,
               const char *uid)
{
  return uid != NULL && *uid != '\0' ? g_hash_table_lookup (existing, uid) : NULL;
}

/* @uid's source parsed, if @existing has it, it is of the kind @group says, it is not an
 * account itself and it is none of the sources already taken (@taken, @taken2). An account
 * that names itself (or its identity) as its identity or transport, or names a source of
 * another kind, is not believed: writing ours there would put two files under one name,
 * make another account look like ours, or turn their calendar into an identity. */
static GKeyFile *
existing_part (GHashTable *existing,
               const char *uid,
               const char *group,
               const char *taken,
               const char *taken2)
{
  g_autoptr(GKeyFile) kf = NULL;

  if (g_strcmp0 (uid, taken) == 0 || g_strcmp0 (uid, taken2) == 0)
    return NULL;
  kf = parse_source (existing_data (existing, uid));
  if (kf == NULL || !g_key_file_has_group (kf, group) ||
      g_key_file_has_group (kf, "Mail Account"))
    return NULL;
  return g_steal_pointer (&kf);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

void
ms_evolution_mail_account_free (MsEvolutionMailAccount *self)
{
  if (self == NULL)
    return;
  g_free (self->account_uid);
  g_free (self->identity_uid);
  g_free (self->transport_uid);
  g_clear_pointer (&self->account, g_key_file_unref);
  g_clear_pointer (&self->identity, g_key_file_unref);
  g_clear_pointer (&self->transport, g_key_file_unref);
  g_free (self);
}

GPtrArray *
ms_evolution_list_mail_accounts (GHashTable *existing)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_evolution_mail_account_free);
  g_autoptr(GPtrArray) uids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  if (existing == NULL)
    return out;
  g_hash_table_iter_init (&iter, existing);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (uids, key);
  g_ptr_array_sort (uids, compare_strings);

  for (guint n = 0; n < uids->len; n++)
    {
      const char *uid = g_ptr_array_index (uids, n);
      g_autoptr(GKeyFile) kf = parse_source (g_hash_table_lookup (existing, uid));
      MsEvolutionMailAccount *a;

      if (kf == NULL || !g_key_file_has_group (kf, "Mail Account"))
        continue;
      a = g_new0 (MsEvolutionMailAccount, 1);
      a->account_uid = g_strdup (uid);
      a->account = g_steal_pointer (&kf);
      a->identity_uid = g_key_file_get_string (a->account, "Mail Account", "IdentityUid", NULL);
      a->identity = existing_part (existing, a->identity_uid, "Mail Identity", uid, NULL);
      if (a->identity == NULL)
        g_clear_pointer (&a->identity_uid, g_free);
      else
        {
          a->transport_uid = g_key_file_get_string (a->identity, "Mail Submission",
                                                    "TransportUid", NULL);
          a->transport = existing_part (existing, a->transport_uid, "Mail Transport", uid,
                                        a->identity_uid);
          if (a->transport == NULL)
            g_clear_pointer (&a->transport_uid, g_free);
        }
      g_ptr_array_add (out, a);
    }
  return out;
}

const char *
ms_evolution_find_account (GHashTable *existing,
                           MsAccount  *account)
{
  g_autoptr(GPtrArray) accounts = NULL;
  const char *address;
  const char *user;
  MsServer *in;

  g_return_val_if_fail (MS_IS_ACCOUNT (account), NULL);

  in = ms_account_get_first_server (account, TRUE);
  if (existing == NULL || in == NULL)
    return NULL;
  address = ms_address_get_address (ms_account_get_address (account));
  user = ms_server_get_username (in);
  if (user == NULL || *user == '\0')
    user = address;

  accounts = ms_evolution_list_mail_accounts (existing);
  for (guint n = 0; n < accounts->len; n++)
    {
      MsEvolutionMailAccount *a = g_ptr_array_index (accounts, n);
      g_autofree char *host = g_key_file_get_string (a->account, "Authentication", "Host", NULL);
      g_autofree char *account_user = NULL;
      g_autofree char *identity_address = NULL;
      gpointer uid = NULL;

      if (!same_name (host, ms_server_get_host (in)))
        continue;
      account_user = g_key_file_get_string (a->account, "Authentication", "User", NULL);
      if (a->identity != NULL)
        identity_address = g_key_file_get_string (a->identity, "Mail Identity", "Address", NULL);
      if ((same_name (identity_address, address) || same_name (account_user, address) ||
           same_name (account_user, user)) &&
          g_hash_table_lookup_extended (existing, a->account_uid, &uid, NULL))
        return uid;   /* @existing's own key: it outlives the list */
    }
  return NULL;
}

/* @ours merged into @theirs: every key of ours replaces theirs, except the ones Evolution
 * or the user may have changed since (a renamed account, the first-connection setup done).
 * Their other keys and groups stay. */
static char *
merge_source (const char *theirs,
              const char *ours)
{
  static const struct {
    const char *group;
    const char *key;
  } keep[] = {
    { "Data Source", "DisplayName" },
    { "Mail Account", "NeedsInitialSetup" },
  };
  g_autoptr(GKeyFile) merged = parse_source (theirs);
  g_autoptr(GKeyFile) mine = parse_source (ours);
  g_auto(GStrv) groups = NULL;

  if (merged == NULL || mine == NULL)
    return g_strdup (ours);

  groups = g_key_file_get_groups (mine, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (mine, groups[g], NULL, NULL);

      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        {
          g_autofree char *value = g_key_file_get_value (mine, groups[g], keys[k], NULL);
          gboolean kept = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (keep); i++)
            kept |= strcmp (groups[g], keep[i].group) == 0 && strcmp (keys[k], keep[i].key) == 0 &&
                    g_key_file_has_key (merged, groups[g], keys[k], NULL);
          if (!kept && value != NULL)
            g_key_file_set_value (merged, groups[g], keys[k], value);
        }
    }
  /* A password login writes no method: an old one (OAuth2, say) must not linger. */
  if (!g_key_file_has_key (mine, "Authentication", "Method", NULL))
    g_key_file_remove_key (merged, "Authentication", "Method", NULL);
  return g_key_file_to_data (merged, NULL, NULL);
}

MsEvolutionSources *
ms_evolution_sources_new_merged (MsAccount   *account,
                                 const char  *full_name,
                                 GHashTable  *existing,
                                 GError     **error)
{
  g_autoptr(MsEvolutionSources) s = NULL;
  g_autoptr(GKeyFile) kf = NULL;
  g_autoptr(GKeyFile) identity = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *identity_uid = NULL;
  g_autofree char *transport_uid = NULL;
  const char *account_uid;
  const char *address;
  char *merged;

  g_return_val_if_fail (MS_IS_ACCOUNT (account), NULL);

  account_uid = ms_evolution_find_account (existing, account);
  if (account_uid == NULL)
    return sources_build (account, full_name, NULL, NULL, NULL, error);

  address = ms_address_get_address (ms_account_get_address (account));
  kf = parse_source (g_hash_table_lookup (existing, account_uid));
  parent = g_key_file_get_string (kf, "Data Source", "Parent", NULL);
  if (parent != NULL && *parent != '\0')
    {
      g_set_error (error, MS_EVOLUTION_ERROR, MS_EVOLUTION_ERROR_ACCOUNT_EXISTS,
                   /* TRANSLATORS: %s is an e-mail address */
                   _("Evolution has %s already, as part of another account (such as one of "
                     "GNOME Online Accounts). Change its settings there."), address);
      return NULL;
    }
  identity_uid = g_key_file_get_string (kf, "Mail Account", "IdentityUid", NULL);
  identity = existing_part (existing, identity_uid, "Mail Identity", account_uid, NULL);
  if (identity == NULL)
    g_clear_pointer (&identity_uid, g_free);
  else
    {
      g_autoptr(GKeyFile) transport = NULL;

      transport_uid = g_key_file_get_string (identity, "Mail Submission", "TransportUid", NULL);
      transport = existing_part (existing, transport_uid, "Mail Transport", account_uid,
                                 identity_uid);
      if (transport == NULL)
        g_clear_pointer (&transport_uid, g_free);
    }

  s = sources_build (account, full_name, account_uid, identity_uid, transport_uid, error);
  if (s == NULL)
    return NULL;
  s->updated = TRUE;
  s->account_exists = TRUE;
  s->identity_exists = identity_uid != NULL;
  s->transport_exists = transport_uid != NULL;

  merged = merge_source (g_hash_table_lookup (existing, s->account_uid), s->account_data);
  g_free (s->account_data);
  s->account_data = merged;
  if (s->identity_exists)
    {
      merged = merge_source (g_hash_table_lookup (existing, s->identity_uid), s->identity_data);
      g_free (s->identity_data);
      s->identity_data = merged;
    }
  if (s->transport_exists)
    {
      merged = merge_source (g_hash_table_lookup (existing, s->transport_uid), s->transport_data);
      g_free (s->transport_data);
      s->transport_data = merged;
    }
  return g_steal_pointer (&s);
}
