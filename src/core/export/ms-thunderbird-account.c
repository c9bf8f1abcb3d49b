/* ms-thunderbird-account.c: which prefs.js preferences a mail account becomes
 *
 * The account mapping, pure and without I/O: the accountN/serverN/idN/smtpN keys an
 * account gets (numbers above every key in use), updating an account that is already there
 * instead of adding it twice, and the Local Folders account Thunderbird needs.
 * ms-export-thunderbird.c writes the result into a profile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-thunderbird"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-thunderbird-account.h"

/* Thunderbird's nsMsgSocketType and nsMsgAuthMethod (MailNewsTypes2.idl). */
/* Thunderbird's nsMsgSocketType and nsMsgAuthMethod (MailNewsTypes2.idl). */
enum {
  TB_SOCKET_PLAIN = 0,
  TB_SOCKET_STARTTLS = 2,
  TB_SOCKET_TLS = 3,
};
enum {
  TB_AUTH_NONE = 1,
  TB_AUTH_PASSWORD_CLEARTEXT = 3,
  TB_AUTH_PASSWORD_ENCRYPTED = 4,
  TB_AUTH_OAUTH2 = 10,
};

void
ms_thunderbird_keys_free (MsThunderbirdKeys *keys)
{
  if (keys == NULL)
    return;
  g_free (keys->account_key);
  g_free (keys->server_key);
  g_free (keys->identity_key);
  g_free (keys->smtp_key);
  g_free (keys);
}


static const char *
nz (const char *s)
{
  return s != NULL ? s : "";
}

static gboolean
same_host (const char *pref_value,
           MsServer   *server)
{
  return g_ascii_strcasecmp (nz (pref_value), ms_server_get_host (server)) == 0;
}

static const char *
getf (MsPrefs    *prefs,
      const char *branch,
      const char *key,
      const char *leaf)
{
  g_autofree char *name = g_strconcat (branch, key, ".", leaf, NULL);
  return ms_prefs_get_string (prefs, name);
}

static void
setf_string (MsPrefs    *prefs,
             const char *branch,
             const char *key,
             const char *leaf,
             const char *value)
{
  g_autofree char *name = g_strconcat (branch, key, ".", leaf, NULL);
  ms_prefs_set_string (prefs, name, value);
}

static void
setf_int (MsPrefs    *prefs,
          const char *branch,
          const char *key,
          const char *leaf,
          gint64      value)
{
  g_autofree char *name = g_strconcat (branch, key, ".", leaf, NULL);
  ms_prefs_set_int (prefs, name, value);
}

static void
setf_bool (MsPrefs    *prefs,
           const char *branch,
           const char *key,
           const char *leaf,
           gboolean    value)
{
  g_autofree char *name = g_strconcat (branch, key, ".", leaf, NULL);
  ms_prefs_set_bool (prefs, name, value);
}

#define ACCOUNT "mail.account."
#define SERVER "mail.server."
#define IDENTITY "mail.identity."
#define SMTP "mail.smtpserver."

/* A comma list as Thunderbird writes it ("account1,account2"), blanks dropped. */
static GPtrArray *
split_list (const char *value)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  if (value == NULL)
    return items;
  parts = g_strsplit (value, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *item = g_strstrip (parts[i]);
      if (*item != '\0')
        g_ptr_array_add (items, g_strdup (item));
    }
  return items;
}

static char *
join_list (GPtrArray *items)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, g_ptr_array_index (items, i));
    }
  return g_string_free (out, FALSE);
}

static gboolean
list_contains (GPtrArray  *items,
               const char *item)
{
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (g_ptr_array_index (items, i), item) == 0)
      return TRUE;
  return FALSE;
}

/* The keys of one kind ("account", "server", "id", "smtp"): every one in use, and where
 * counting starts. A new key is the next number not in use — whatever numbers exist (up
 * to 4294967295, with leading zeros, or beyond), it never names a key that is there. */
typedef struct {
  const char *prefix;
  GHashTable *used;     /* "smtp12" … */
  guint64 counter;
} KeySpace;

static void
key_space_init (KeySpace   *ks,
                GPtrArray  *names,
                const char *branch,
                const char *prefix,
                GPtrArray  *extra_list,
                gint64      start)
{
  g_autofree char *full = g_strconcat (branch, prefix, NULL);
  gsize branch_len = strlen (branch);
  gsize full_len = strlen (full);
  gsize prefix_len = strlen (prefix);

  ks->prefix = prefix;
  ks->used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ks->counter = start > 0 && start < G_MAXUINT ? (guint64) start : 0;
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      const char *key = name + branch_len;
      const char *dot;

      if (strncmp (name, full, full_len) != 0 || !g_ascii_isdigit (name[full_len]))
        continue;
      dot = strchr (key, '.');
      g_hash_table_add (ks->used, dot != NULL ? g_strndup (key, dot - key) : g_strdup (key));
    }
  for (guint i = 0; extra_list != NULL && i < extra_list->len; i++)
    {
      const char *key = g_ptr_array_index (extra_list, i);

      if (strncmp (key, prefix, prefix_len) == 0 && g_ascii_isdigit (key[prefix_len]))
        g_hash_table_add (ks->used, g_strdup (key));
    }
  /* Count on from the highest number in use that fits, as Thunderbird does. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, ks->used);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        char *end = NULL;
        guint64 n = g_ascii_strtoull ((const char *) key + prefix_len, &end, 10);

        if (end != NULL && *end == '\0' && n > ks->counter && n < G_MAXUINT)
          ks->counter = n;
      }
  }
}

static void
key_space_clear (KeySpace *ks)
{
  g_clear_pointer (&ks->used, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KeySpace, key_space_clear)

static char *
next_key (KeySpace *ks)
{
  for (;;)
    {
      g_autofree char *key = NULL;

      /* past the largest number Thunderbird reads, start again from 1 */
      ks->counter = ks->counter >= G_MAXUINT ? 1 : ks->counter + 1;
      key = g_strdup_printf ("%s%" G_GUINT64_FORMAT, ks->prefix, ks->counter);
      if (!g_hash_table_contains (ks->used, key))
        {
          g_hash_table_add (ks->used, g_strdup (key));
          return g_steal_pointer (&key);
        }
    }
}

static int
socket_type (MsServer *server)
{
  switch (ms_server_get_security (server))
    {
    case MS_SECURITY_TLS:
      return TB_SOCKET_TLS;
    case MS_SECURITY_STARTTLS:
      return TB_SOCKET_STARTTLS;
    case MS_SECURITY_NONE:
    default:
      return TB_SOCKET_PLAIN;
    }
}

static int
auth_method (MsAccount *account,
             MsServer  *server)
{
  MsAuth preferred = ms_server_get_preferred_auth (server);

  if (preferred == MS_AUTH_NO_SIGN_IN)
    return TB_AUTH_NONE;
  if (ms_account_get_oauth2_required (account) || preferred == MS_AUTH_OAUTH2)
    return TB_AUTH_OAUTH2;
  /* A challenge-response method only where there is no TLS to protect a plain one. */
  if ((preferred & MS_AUTH_PASSWORD_ENCRYPTED) &&
      ms_server_get_security (server) == MS_SECURITY_NONE)
    return TB_AUTH_PASSWORD_ENCRYPTED;
  return TB_AUTH_PASSWORD_CLEARTEXT;
}

static const char *
server_user (MsServer   *server,
             const char *address)
{
  const char *user = ms_server_get_username (server);
  return user != NULL && *user != '\0' ? user : address;
}

MsThunderbirdKeys *
ms_thunderbird_prefs_add_account (MsPrefs    *prefs,
                                  MsAccount  *account,
                                  const char *full_name,
                                  GError    **error)
{
  g_autoptr(MsThunderbirdKeys) keys = g_new0 (MsThunderbirdKeys, 1);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) smtps = NULL;
  g_autofree char *accounts_value = NULL;
  g_autofree char *smtps_value = NULL;
  MsServer *in;
  MsServer *out;
  const char *address;
  const char *in_type;
  const char *in_user;
  const char *local_server;
  const char *local_account = NULL;
  g_auto(KeySpace) ks_account = { 0 };
  g_auto(KeySpace) ks_server = { 0 };
  g_auto(KeySpace) ks_id = { 0 };
  g_auto(KeySpace) ks_smtp = { 0 };
  gint64 last_key = 0;

  g_return_val_if_fail (prefs != NULL, NULL);
  g_return_val_if_fail (MS_IS_ACCOUNT (account), NULL);

  address = ms_address_get_address (ms_account_get_address (account));
  in = ms_account_get_first_server (account, TRUE);
  out = ms_account_get_first_server (account, FALSE);
  if (in == NULL)
    {
      g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_ACCOUNT_INVALID,
                   _("The account has no incoming (IMAP or POP3) server."));
      return NULL;
    }
  in_type = ms_server_get_protocol (in) == MS_PROTOCOL_IMAP ? "imap" : "pop3";
  in_user = server_user (in, address);

  names = ms_prefs_get_names (prefs);
  accounts = split_list (ms_prefs_get_string (prefs, "mail.accountmanager.accounts"));
  smtps = split_list (ms_prefs_get_string (prefs, "mail.smtpservers"));
  ms_prefs_get_int (prefs, "mail.account.lastKey", &last_key);
  key_space_init (&ks_account, names, "mail.account.", "account", accounts, last_key);
  key_space_init (&ks_server, names, "mail.server.", "server", NULL, 0);
  key_space_init (&ks_id, names, "mail.identity.", "id", NULL, 0);
  key_space_init (&ks_smtp, names, "mail.smtpserver.", "smtp", smtps, 0);

  /* The same account already there? (type, host and user name of its server) */
  for (guint i = 0; i < accounts->len && keys->account_key == NULL; i++)
    {
      const char *a = g_ptr_array_index (accounts, i);
      const char *s = getf (prefs, ACCOUNT, a, "server");

      if (s == NULL)
        continue;
      if (g_strcmp0 (getf (prefs, SERVER, s, "type"), in_type) == 0 &&
          same_host (getf (prefs, SERVER, s, "hostname"), in) &&
          g_strcmp0 (getf (prefs, SERVER, s, "userName"), in_user) == 0)
        {
          g_autoptr(GPtrArray) ids = split_list (getf (prefs, ACCOUNT, a, "identities"));

          keys->account_key = g_strdup (a);
          keys->server_key = g_strdup (s);
          keys->updated = TRUE;
          for (guint j = 0; j < ids->len && keys->identity_key == NULL; j++)
            {
              const char *email = getf (prefs, IDENTITY, g_ptr_array_index (ids, j), "useremail");
              if (email != NULL && g_ascii_strcasecmp (email, address) == 0)
                keys->identity_key = g_strdup (g_ptr_array_index (ids, j));
            }
          if (keys->identity_key == NULL && ids->len > 0)
            keys->identity_key = g_strdup (g_ptr_array_index (ids, 0));
        }
    }

  if (keys->account_key == NULL)
    {
      keys->account_key = next_key (&ks_account);
      keys->server_key = next_key (&ks_server);
    }
  if (keys->identity_key == NULL)
    {
      keys->identity_key = next_key (&ks_id);
      setf_string (prefs, ACCOUNT, keys->account_key, "identities", keys->identity_key);
    }

  /* Incoming server */
  setf_string (prefs, ACCOUNT, keys->account_key, "server", keys->server_key);
  setf_string (prefs, SERVER, keys->server_key, "type", in_type);
  setf_string (prefs, SERVER, keys->server_key, "hostname", ms_server_get_host (in));
  setf_int (prefs, SERVER, keys->server_key, "port", ms_server_get_port (in));
  setf_int (prefs, SERVER, keys->server_key, "socketType", socket_type (in));
  setf_int (prefs, SERVER, keys->server_key, "authMethod", auth_method (account, in));
  setf_string (prefs, SERVER, keys->server_key, "userName", in_user);
  if (!keys->updated)
    {
      setf_string (prefs, SERVER, keys->server_key, "name", address);
      setf_bool (prefs, SERVER, keys->server_key, "login_at_startup", TRUE);
      setf_bool (prefs, SERVER, keys->server_key, "check_new_mail", TRUE);
      if (ms_server_get_protocol (in) == MS_PROTOCOL_POP3)
        /* Never delete the user's mail from the server behind their back. */
        setf_bool (prefs, SERVER, keys->server_key, "leave_on_server", TRUE);
    }

  /* Outgoing server: the identity's own when it is the same host, else one with the same
   * host and user, else a new one. */
  if (out != NULL)
    {
      /* A relay without sign-in has no user, as Thunderbird's own account setup writes it. */
      const char *out_user = auth_method (account, out) == TB_AUTH_NONE
                               ? NULL : server_user (out, address);
      const char *current = getf (prefs, IDENTITY, keys->identity_key, "smtpServer");
      gboolean smtp_new = FALSE;

      if (current != NULL &&
          same_host (getf (prefs, SMTP, current, "hostname"), out))
        keys->smtp_key = g_strdup (current);
      for (guint i = 0; i < smtps->len && keys->smtp_key == NULL; i++)
        {
          const char *k = g_ptr_array_index (smtps, i);

          if (same_host (getf (prefs, SMTP, k, "hostname"), out) &&
              g_strcmp0 (getf (prefs, SMTP, k, "username"), out_user) == 0)
            keys->smtp_key = g_strdup (k);
        }
      if (keys->smtp_key == NULL)
        {
          keys->smtp_key = next_key (&ks_smtp);
          smtp_new = TRUE;
        }

      setf_string (prefs, SMTP, keys->smtp_key, "type", "smtp");
      setf_string (prefs, SMTP, keys->smtp_key, "hostname", ms_server_get_host (out));
      setf_int (prefs, SMTP, keys->smtp_key, "port", ms_server_get_port (out));
      setf_int (prefs, SMTP, keys->smtp_key, "try_ssl", socket_type (out));
      setf_int (prefs, SMTP, keys->smtp_key, "authMethod", auth_method (account, out));
      if (out_user != NULL)
        setf_string (prefs, SMTP, keys->smtp_key, "username", out_user);
      if (smtp_new && ms_account_get_provider_name (account) != NULL)
        setf_string (prefs, SMTP, keys->smtp_key, "description",
                     ms_account_get_provider_name (account));

      if (!list_contains (smtps, keys->smtp_key))
        {
          g_ptr_array_add (smtps, g_strdup (keys->smtp_key));
          smtps_value = join_list (smtps);
          ms_prefs_set_string (prefs, "mail.smtpservers", smtps_value);
        }
      if (ms_prefs_get_string (prefs, "mail.smtp.defaultserver") == NULL)
        ms_prefs_set_string (prefs, "mail.smtp.defaultserver", keys->smtp_key);
      setf_string (prefs, IDENTITY, keys->identity_key, "smtpServer", keys->smtp_key);
    }

  /* Identity */
  if (full_name != NULL && *full_name != '\0')
    setf_string (prefs, IDENTITY, keys->identity_key, "fullName", full_name);
  setf_string (prefs, IDENTITY, keys->identity_key, "useremail", address);
  setf_bool (prefs, IDENTITY, keys->identity_key, "valid", TRUE);

  /* Local Folders: Thunderbird needs one account of type "none". Prefer the one the
   * localfoldersserver pref names. */
  local_server = ms_prefs_get_string (prefs, "mail.accountmanager.localfoldersserver");
  for (guint i = 0; i < accounts->len; i++)
    {
      const char *a = g_ptr_array_index (accounts, i);
      const char *s = getf (prefs, ACCOUNT, a, "server");

      if (s == NULL || g_strcmp0 (getf (prefs, SERVER, s, "type"), "none") != 0)
        continue;
      if (local_account == NULL || g_strcmp0 (s, local_server) == 0)
        local_account = a;
    }
  if (local_account != NULL)
    ms_prefs_set_string (prefs, "mail.accountmanager.localfoldersserver",
                         getf (prefs, ACCOUNT, local_account, "server"));

  if (!list_contains (accounts, keys->account_key))
    {
      /* Before Local Folders, which Thunderbird lists last. */
      guint at = accounts->len;

      for (guint i = 0; i < accounts->len; i++)
        if (local_account != NULL && strcmp (g_ptr_array_index (accounts, i), local_account) == 0)
          at = i;
      g_ptr_array_insert (accounts, (gint) at, g_strdup (keys->account_key));
    }
  if (local_account == NULL)
    {
      g_autofree char *la = next_key (&ks_account);
      g_autofree char *ls = next_key (&ks_server);

      setf_string (prefs, ACCOUNT, la, "server", ls);
      setf_string (prefs, SERVER, ls, "type", "none");
      setf_string (prefs, SERVER, ls, "hostname", "Local Folders");
      setf_string (prefs, SERVER, ls, "userName", "nobody");
      setf_string (prefs, SERVER, ls, "name", "Local Folders");
      ms_prefs_set_string (prefs, "mail.accountmanager.localfoldersserver", ls);
      g_ptr_array_add (accounts, g_strdup (la));
      keys->added_local_folders = TRUE;
    }
  accounts_value = join_list (accounts);
  ms_prefs_set_string (prefs, "mail.accountmanager.accounts", accounts_value);

  {
    const char *def = ms_prefs_get_string (prefs, "mail.accountmanager.defaultaccount");
    const char *def_server = def != NULL ? getf (prefs, ACCOUNT, def, "server") : NULL;

    if (def == NULL || !list_contains (accounts, def) ||
        g_strcmp0 (getf (prefs, SERVER, nz (def_server), "type"), "none") == 0)
      ms_prefs_set_string (prefs, "mail.accountmanager.defaultaccount", keys->account_key);
  }

  if ((!ms_prefs_get_int (prefs, "mail.account.lastKey", &last_key) ||
       last_key < (gint64) ks_account.counter) && ks_account.counter <= G_MAXINT)
    ms_prefs_set_int (prefs, "mail.account.lastKey", (int) ks_account.counter);

  return g_steal_pointer (&keys);
}
