/* test-thunderbird-logins.c: Thunderbird's login store (logins.json merged, encrypted with
 * the profile's key4.db through the real NSS) and its certificate exception file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>

#include <nss.h>
#include <pk11pub.h>

#include "ms-export-thunderbird.h"
#include "ms-mail-stream.h"
#include "ms-test-account.h"
#include "ms-thunderbird-cert-override.h"
#include "ms-thunderbird-logins.h"

#define PASSWORD "correct horse \xc3\xa9 \"battery\" \\ staple"
#define FP "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define FP_TB "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:" \
              "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF"

/* ---- a stand-in cipher for the pure merge: "fake:" + base64 ------------------------- */

static char *
fake_encrypt (const char *text,
              gpointer    user_data)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) text, strlen (text));
  guint *calls = user_data;

  if (calls != NULL)
    (*calls)++;
  return g_strconcat ("fake:", b64, NULL);
}

static char *
fake_decrypt (const char *encrypted,
              gpointer    user_data)
{
  g_autofree guchar *raw = NULL;
  gsize length = 0;

  if (!g_str_has_prefix (encrypted, "fake:"))
    return NULL;
  raw = g_base64_decode (encrypted + 5, &length);
  return g_strndup ((const char *) raw, length);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonArray *
records_of (JsonNode *root)
{
  return json_object_get_array_member (json_node_get_object (root), "logins");
}

static const MsThunderbirdLogin ours[] = {
  { "imap://imap.example.test", "alice@example.test", PASSWORD },
  { "smtp://smtp.example.test", "alice@example.test", PASSWORD },
};

static void
test_origin (void)
{
  struct { MsProtocol protocol; const char *host; const char *origin; } cases[] = {
    { MS_PROTOCOL_IMAP, "imap.example.test", "imap://imap.example.test" },
    { MS_PROTOCOL_POP3, "pop.example.test", "mailbox://pop.example.test" },
    { MS_PROTOCOL_SMTP, "smtp.example.test", "smtp://smtp.example.test" },
    { MS_PROTOCOL_IMAP, "2001:db8::1", "imap://[2001:db8::1]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *origin = ms_thunderbird_login_origin (cases[i].protocol, cases[i].host);
      g_assert_cmpstr (origin, ==, cases[i].origin);
    }
}

static void
test_merge_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint added = 99, updated = 99;
  JsonObject *record;

  text = ms_thunderbird_logins_merge (NULL, 0, ours, G_N_ELEMENTS (ours), 1700000000000,
                                      fake_encrypt, fake_decrypt, NULL, &added, &updated,
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 2);
  g_assert_cmpuint (updated, ==, 0);
  g_assert_null (strstr (text, PASSWORD));

  root = parse (text);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "version"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "nextId"), ==, 3);
  g_assert_cmpuint (json_array_get_length (records_of (root)), ==, 2);
  record = json_array_get_object_element (records_of (root), 1);
  g_assert_cmpint (json_object_get_int_member (record, "id"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (record, "hostname"), ==, "smtp://smtp.example.test");
  g_assert_cmpstr (json_object_get_string_member (record, "httpRealm"), ==, "smtp://smtp.example.test");
  g_assert_true (json_object_get_null_member (record, "formSubmitURL"));
  g_assert_cmpint (json_object_get_int_member (record, "encType"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (record, "timePasswordChanged"), ==, 1700000000000);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (record, "guid"), "{"));
  {
    g_autofree char *user = fake_decrypt (json_object_get_string_member (record, "encryptedUsername"), NULL);
    g_autofree char *pass = fake_decrypt (json_object_get_string_member (record, "encryptedPassword"), NULL);
    g_assert_cmpstr (user, ==, "alice@example.test");
    g_assert_cmpstr (pass, ==, PASSWORD);
  }
}

/* A store with somebody else's logins, unknown members and a copy of ours twice with an
 * old password. */
static const char existing_store[] =
  "{\"nextId\":12,\"logins\":["
  "{\"id\":3,\"hostname\":\"imap://imap.other.test\",\"httpRealm\":\"imap://imap.other.test\","
  "\"formSubmitURL\":null,\"usernameField\":\"\",\"passwordField\":\"\","
  "\"encryptedUsername\":\"fake:Ym9iQG90aGVyLnRlc3Q=\",\"encryptedPassword\":\"fake:c2VjcmV0\","
  "\"guid\":\"{b0b}\",\"encType\":1,\"timeCreated\":1,\"timeLastUsed\":2,"
  "\"timePasswordChanged\":3,\"timesUsed\":4,\"futureMember\":{\"x\":[1,2.5,\"\\u00e9\"]}},"
  "{\"id\":7,\"hostname\":\"imap://imap.example.test\",\"httpRealm\":\"imap://imap.example.test\","
  "\"formSubmitURL\":null,\"usernameField\":\"\",\"passwordField\":\"\","
  "\"encryptedUsername\":\"fake:Y2Fyb2xAZXhhbXBsZS50ZXN0\",\"encryptedPassword\":\"fake:Y2Fyb2w=\","
  "\"guid\":\"{carol}\",\"encType\":1,\"timeCreated\":1,\"timeLastUsed\":2,"
  "\"timePasswordChanged\":3,\"timesUsed\":4},"
  "{\"id\":9,\"hostname\":\"imap://imap.example.test\",\"httpRealm\":\"imap://imap.example.test\","
  "\"formSubmitURL\":null,\"usernameField\":\"\",\"passwordField\":\"\","
  "\"encryptedUsername\":\"fake:YWxpY2VAZXhhbXBsZS50ZXN0\",\"encryptedPassword\":\"fake:b2xk\","
  "\"guid\":\"{alice-old}\",\"encType\":1,\"timeCreated\":5,\"timeLastUsed\":6,"
  "\"timePasswordChanged\":7,\"timesUsed\":8},"
  "{\"id\":10,\"hostname\":\"imap://imap.example.test\",\"httpRealm\":\"imap://imap.example.test\","
  "\"formSubmitURL\":null,\"usernameField\":\"\",\"passwordField\":\"\","
  "\"encryptedUsername\":\"fake:YWxpY2VAZXhhbXBsZS50ZXN0\",\"encryptedPassword\":\"fake:b2xk\","
  "\"guid\":\"{alice-copy}\",\"encType\":1,\"timeCreated\":5,\"timeLastUsed\":6,"
  "\"timePasswordChanged\":7,\"timesUsed\":8}"
  "],\"potentiallyVulnerablePasswords\":[],\"dismissedBreachAlertsByLoginGUID\":{},"
  "\"version\":3,\"anotherFutureMember\":true}";

static void
test_merge_existing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = parse (existing_store);
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  guint added = 0, updated = 0, encrypts = 0;
  JsonObject *alice;

  text = ms_thunderbird_logins_merge (existing_store, strlen (existing_store), ours,
                                      G_N_ELEMENTS (ours), 1700000000000, fake_encrypt,
                                      fake_decrypt, NULL, &added, &updated, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 1);    /* SMTP */
  g_assert_cmpuint (updated, ==, 2);  /* the new password, one copy dropped */
  after = parse (text);

  /* bob's and carol's records, and the unknown members, are exactly as they were */
  g_assert_true (json_node_equal (json_array_get_element (records_of (before), 0),
                                  json_array_get_element (records_of (after), 0)));
  g_assert_true (json_node_equal (json_array_get_element (records_of (before), 1),
                                  json_array_get_element (records_of (after), 1)));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (after), "anotherFutureMember"));
  /* ours: one record, updated in place (id and guid kept), then the SMTP one with id 12 */
  g_assert_cmpuint (json_array_get_length (records_of (after)), ==, 4);
  alice = json_array_get_object_element (records_of (after), 2);
  g_assert_cmpint (json_object_get_int_member (alice, "id"), ==, 9);
  g_assert_cmpstr (json_object_get_string_member (alice, "guid"), ==, "{alice-old}");
  g_assert_cmpint (json_object_get_int_member (alice, "timeCreated"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (alice, "timePasswordChanged"), ==, 1700000000000);
  {
    g_autofree char *pass = fake_decrypt (json_object_get_string_member (alice, "encryptedPassword"), NULL);
    g_assert_cmpstr (pass, ==, PASSWORD);
  }
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (records_of (after), 3), "id"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (after), "nextId"), ==, 13);

  /* again: nothing to change, nothing encrypted, the same text */
  again = ms_thunderbird_logins_merge (text, strlen (text), ours, G_N_ELEMENTS (ours),
                                       1800000000000, fake_encrypt, fake_decrypt, &encrypts,
                                       &added, &updated, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (added + updated + encrypts, ==, 0);
  g_assert_cmpstr (again, ==, text);
}

static void
test_merge_invalid (void)
{
  const char *bad[] = { "{\"logins\":[", "[1,2]", "{\"logins\":{}}", "nul" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      guint added, updated;
      g_autofree char *text = ms_thunderbird_logins_merge (bad[i], strlen (bad[i]), ours, 1, 1,
                                                           fake_encrypt, fake_decrypt, NULL,
                                                           &added, &updated, &error);
      g_assert_null (text);
      g_assert_error (error, MS_THUNDERBIRD_LOGINS_ERROR, MS_THUNDERBIRD_LOGINS_ERROR_INVALID);
    }
}

/* ---- the real NSS --------------------------------------------------------------------- */

static char *
make_profile (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ms-tb-logins-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static gboolean
tree_contains (const char *dir,
               const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &data, &length, NULL)
          && memmem (data, length, needle, strlen (needle)) != NULL)
        return TRUE;
    }
  return FALSE;
}

static guint
count_backups (const char *dir,
               const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      n++;
  return n;
}

static void
test_nss_save (void)
{
  g_autofree char *dir = make_profile ();
  g_autofree char *path = g_build_filename (dir, "logins.json", NULL);
  g_autofree char *key_db = g_build_filename (dir, "key4.db", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsThunderbirdLoginsResult) result = NULL;
  g_autoptr(GTlsDatabase) tls = NULL;
  MsThunderbirdLogin changed[] = { ours[0], ours[1] };
  char *password;
  struct stat st;

  /* a profile without key4.db: one is made, with an empty primary password */
  result = ms_thunderbird_logins_save_sync (dir, ours, G_N_ELEMENTS (ours), &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, MS_THUNDERBIRD_LOGINS_SAVED);
  g_assert_true (result->created_key_db);
  g_assert_cmpuint (result->added, ==, 2);
  g_assert_null (result->backup_path);
  g_assert_true (g_file_test (key_db, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_false (tree_contains (dir, PASSWORD));
  g_assert_false (tree_contains (dir, "correct horse"));
  g_assert_true (g_file_get_contents (path, &first, NULL, NULL));

  password = ms_thunderbird_logins_lookup_sync (dir, "smtp://smtp.example.test",
                                                "alice@example.test", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, PASSWORD);
  ms_thunderbird_logins_free_secret (password);

  /* NSS came and went; GIO's TLS (GnuTLS) in the same process is unaffected */
  tls = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  g_assert_nonnull (tls);
  g_assert_true (g_tls_backend_supports_tls (g_tls_backend_get_default ()));

  /* the same again: nothing written */
  g_clear_pointer (&result, ms_thunderbird_logins_result_free);
  result = ms_thunderbird_logins_save_sync (dir, ours, G_N_ELEMENTS (ours), &error);
  g_assert_no_error (error);
  g_assert_false (result->created_key_db);
  g_assert_cmpuint (result->added + result->updated, ==, 0);
  g_assert_null (result->backup_path);
  g_assert_true (g_file_get_contents (path, &second, NULL, NULL));
  g_assert_cmpstr (first, ==, second);

  /* a new password: updated in place, the old file kept as a backup */
  changed[0].password = "new secret";
  g_clear_pointer (&result, ms_thunderbird_logins_result_free);
  result = ms_thunderbird_logins_save_sync (dir, changed, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->updated, ==, 1);
  g_assert_cmpuint (result->added, ==, 0);
  g_assert_nonnull (result->backup_path);
  g_assert_cmpuint (count_backups (dir, "logins.json.mail-setup-backup-"), ==, 1);
  password = ms_thunderbird_logins_lookup_sync (dir, "imap://imap.example.test",
                                                "alice@example.test", &error);
  g_assert_cmpstr (password, ==, "new secret");
  ms_thunderbird_logins_free_secret (password);

  remove_tree (dir);
}

/* A key database locked with a primary password, made with NSS as Thunderbird would. */
static void
set_primary_password (const char *dir)
{
  g_autofree char *config = g_strconcat ("sql:", dir, NULL);
  NSSInitContext *context = NSS_InitContext (config, "", "", "secmod.db", NULL, NSS_INIT_NOROOTINIT);
  PK11SlotInfo *slot;

  g_assert_nonnull (context);
  slot = PK11_GetInternalKeySlot ();
  g_assert_true (PK11_NeedUserInit (slot));
  g_assert_cmpint (PK11_InitPin (slot, NULL, "primary secret"), ==, SECSuccess);
  PK11_FreeSlot (slot);
  g_assert_cmpint (NSS_ShutdownContext (context), ==, SECSuccess);
}

static void
test_nss_primary_password (void)
{
  g_autofree char *dir = make_profile ();
  g_autofree char *path = g_build_filename (dir, "logins.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsThunderbirdLoginsResult) result = NULL;

  set_primary_password (dir);
  result = ms_thunderbird_logins_save_sync (dir, ours, G_N_ELEMENTS (ours), &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, MS_THUNDERBIRD_LOGINS_PRIMARY_PASSWORD);
  g_assert_false (result->created_key_db);
  g_assert_cmpuint (result->added + result->updated, ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (tree_contains (dir, "correct horse"));
  remove_tree (dir);
}

static void
test_nss_invalid_file (void)
{
  g_autofree char *dir = make_profile ();
  g_autofree char *path = g_build_filename (dir, "logins.json", NULL);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsThunderbirdLoginsResult) result = NULL;

  g_assert_true (g_file_set_contents (path, "{\"logins\": [", -1, NULL));
  result = ms_thunderbird_logins_save_sync (dir, ours, 1, &error);
  g_assert_null (result);
  g_assert_error (error, MS_THUNDERBIRD_LOGINS_ERROR, MS_THUNDERBIRD_LOGINS_ERROR_INVALID);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "{\"logins\": [");
  g_assert_cmpuint (count_backups (dir, "logins.json.mail-setup-backup-"), ==, 0);
  remove_tree (dir);
}

/* ---- cert_override.txt ------------------------------------------------------------------ */

static void
test_override_line (void)
{
  g_autofree char *line = ms_thunderbird_cert_override_line ("imap.example.test", 993, FP);
  g_autofree char *v6 = ms_thunderbird_cert_override_line ("2001:db8::1", 993, FP_TB);
  g_autofree char *bad = ms_thunderbird_cert_override_line ("imap.example.test", 993, "0123");

  g_assert_cmpstr (line, ==, "imap.example.test:993:\tOID.2.16.840.1.101.3.4.2.1\t" FP_TB "\t");
  g_assert_cmpstr (v6, ==, "[2001:db8::1]:993:\tOID.2.16.840.1.101.3.4.2.1\t" FP_TB "\t");
  g_assert_null (bad);
}

/* The check's pin is what the export passes on. */
static void
test_override_from_pin (void)
{
  g_autoptr(MsTlsTrust) trust = ms_tls_trust_new ();
  g_autofree char *pin = NULL;
  g_autofree char *other = NULL;
  g_autofree char *line = NULL;

  g_assert_true (ms_tls_trust_add_pin (trust, "IMAP.example.test", 993, FP_TB));
  pin = ms_tls_trust_dup_pin (trust, "imap.example.test", 993);
  other = ms_tls_trust_dup_pin (trust, "imap.example.test", 143);
  g_assert_cmpstr (pin, ==, FP);
  g_assert_null (other);
  line = ms_thunderbird_cert_override_line ("imap.example.test", 993, pin);
  g_assert_cmpstr (line, ==, "imap.example.test:993:\tOID.2.16.840.1.101.3.4.2.1\t" FP_TB "\t");
}

static const char existing_overrides[] =
  "# PSM Certificate Override Settings file\r\n"
  "# This is a generated file!  Do not edit.\r\n"
  "imap.example.test:143:\tOID.2.16.840.1.101.3.4.2.1\tAA:BB\t\r\n"
  "imap.example.test:993:\tOID.2.16.840.1.101.3.4.2.1\tAA:BB\t\r\n"
  "IMAP.example.test:993\tOID.2.16.840.1.101.3.4.2.1\tCC:DD\tMU\tAAAA\r\n"
  "imap.example.test:993:^privateBrowsingId=1\tOID.2.16.840.1.101.3.4.2.1\tEE:FF\t\r\n"
  "www.other.test:443:\tOID.2.16.840.1.101.3.4.2.1\tAA:BB\t";

static void
test_override_merge (void)
{
  g_autofree char *fresh = NULL;
  g_autofree char *merged = NULL;
  g_autofree char *again = NULL;
  gboolean changed;

  fresh = ms_thunderbird_cert_override_merge (NULL, 0, "imap.example.test", 993, FP, &changed);
  g_assert_true (changed);
  g_assert_cmpstr (fresh, ==,
                   "# PSM Certificate Override Settings file\n"
                   "# This is a generated file!  Do not edit.\n"
                   "imap.example.test:993:\tOID.2.16.840.1.101.3.4.2.1\t" FP_TB "\t\n");

  /* our host:port's old exceptions go (any case, old format too); the other port, the
   * private-browsing one and the other host stay byte for byte */
  merged = ms_thunderbird_cert_override_merge (existing_overrides, strlen (existing_overrides),
                                               "imap.example.test", 993, FP, &changed);
  g_assert_true (changed);
  g_assert_cmpstr (merged, ==,
                   "# PSM Certificate Override Settings file\r\n"
                   "# This is a generated file!  Do not edit.\r\n"
                   "imap.example.test:143:\tOID.2.16.840.1.101.3.4.2.1\tAA:BB\t\r\n"
                   "imap.example.test:993:^privateBrowsingId=1\tOID.2.16.840.1.101.3.4.2.1\tEE:FF\t\r\n"
                   "www.other.test:443:\tOID.2.16.840.1.101.3.4.2.1\tAA:BB\t\n"
                   "imap.example.test:993:\tOID.2.16.840.1.101.3.4.2.1\t" FP_TB "\t\n");

  again = ms_thunderbird_cert_override_merge (merged, strlen (merged), "imap.example.test", 993,
                                              FP_TB, &changed);
  g_assert_false (changed);
  g_assert_cmpstr (again, ==, merged);
}

static void
test_override_save (void)
{
  g_autofree char *dir = make_profile ();
  g_autofree char *path = g_build_filename (dir, "cert_override.txt", NULL);
  g_autofree char *backup = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_true (ms_thunderbird_cert_override_save_sync (dir, "imap.example.test", 993, FP,
                                                         &backup, &error));
  g_assert_no_error (error);
  g_assert_null (backup);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (ms_thunderbird_cert_override_save_sync (dir, "imap.example.test", 993, FP,
                                                         &backup, &error));
  g_assert_null (backup);  /* there already: untouched */
  g_assert_true (ms_thunderbird_cert_override_save_sync (dir, "smtp.example.test", 465, FP,
                                                         &backup, &error));
  g_assert_nonnull (backup);
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_false (ms_thunderbird_cert_override_save_sync (dir, "smtp.example.test", 465, "xyz",
                                                          NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  remove_tree (dir);
}

/* ---- the Thunderbird export hands them on ------------------------------------------------ */

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static MsThunderbirdResult *
run_export (MsAccount   *account,
            const char  *password,
            MsTlsTrust  *trust,
            const char  *dir)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsThunderbirdResult *done;

  ms_export_thunderbird_async (account, "Alice", password, trust, dir, NULL, export_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  done = ms_export_thunderbird_finish (result, &error);
  g_assert_no_error (error);
  return done;
}

static void
test_export_pop3_with_pin (void)
{
  g_autofree char *dir = make_profile ();
  g_autofree char *overrides = NULL;
  g_autoptr(MsAccount) account = ms_test_account_new ("alice@example.test", MS_PROTOCOL_POP3,
                                                      "pop.example.test", 995, MS_SECURITY_TLS,
                                                      "smtp.example.test", 465, MS_SECURITY_TLS,
                                                      MS_AUTH_PASSWORD);
  g_autoptr(MsTlsTrust) trust = ms_tls_trust_new ();
  g_autoptr(MsThunderbirdResult) done = NULL;
  g_autofree char *override_path = g_build_filename (dir, "cert_override.txt", NULL);
  char *password;

  g_assert_true (ms_tls_trust_add_pin (trust, "pop.example.test", 995, FP));
  g_assert_true (ms_tls_trust_add_pin (trust, "pop.example.test", 110, FP));  /* not used */
  done = run_export (account, PASSWORD, trust, dir);
  g_assert_cmpint (done->password, ==, MS_THUNDERBIRD_PASSWORD_SAVED);
  g_assert_cmpstr (ms_thunderbird_password_to_string (done->password), ==, "saved");
  g_assert_cmpuint (done->trusted_certificates->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (done->trusted_certificates, 0), ==, "pop.example.test:995");

  password = ms_thunderbird_logins_lookup_sync (dir, "mailbox://pop.example.test",
                                                "alice@example.test", NULL);
  g_assert_cmpstr (password, ==, PASSWORD);
  ms_thunderbird_logins_free_secret (password);
  password = ms_thunderbird_logins_lookup_sync (dir, "smtp://smtp.example.test",
                                                "alice@example.test", NULL);
  g_assert_cmpstr (password, ==, PASSWORD);
  ms_thunderbird_logins_free_secret (password);
  g_assert_true (g_file_get_contents (override_path, &overrides, NULL, NULL));
  g_assert_nonnull (strstr (overrides, "pop.example.test:995:\tOID.2.16.840.1.101.3.4.2.1\t" FP_TB "\t\n"));
  g_assert_null (strstr (overrides, "smtp.example.test"));
  g_assert_null (strstr (overrides, ":110:"));
  g_assert_false (tree_contains (dir, "correct horse"));
  remove_tree (dir);
}

static void
test_export_oauth2_no_password (void)
{
  g_autofree char *dir = make_profile ();
  g_autofree char *logins = g_build_filename (dir, "logins.json", NULL);
  g_autoptr(MsAccount) account = ms_test_account_new ("alice@example.test", MS_PROTOCOL_IMAP,
                                                      "imap.example.test", 993, MS_SECURITY_TLS,
                                                      "smtp.example.test", 465, MS_SECURITY_TLS,
                                                      MS_AUTH_OAUTH2);
  g_autoptr(MsThunderbirdResult) done = run_export (account, PASSWORD, NULL, dir);

  g_assert_cmpint (done->password, ==, MS_THUNDERBIRD_PASSWORD_NOT_SAVED);
  g_assert_cmpuint (done->trusted_certificates->len, ==, 0);
  g_assert_false (g_file_test (logins, G_FILE_TEST_EXISTS));
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/thunderbird/logins/origin", test_origin);
  g_test_add_func ("/thunderbird/logins/merge-new", test_merge_new);
  g_test_add_func ("/thunderbird/logins/merge-existing", test_merge_existing);
  g_test_add_func ("/thunderbird/logins/merge-invalid", test_merge_invalid);
  g_test_add_func ("/thunderbird/logins/nss-save", test_nss_save);
  g_test_add_func ("/thunderbird/logins/nss-primary-password", test_nss_primary_password);
  g_test_add_func ("/thunderbird/logins/nss-invalid-file", test_nss_invalid_file);
  g_test_add_func ("/thunderbird/cert-override/line", test_override_line);
  g_test_add_func ("/thunderbird/cert-override/from-pin", test_override_from_pin);
  g_test_add_func ("/thunderbird/cert-override/merge", test_override_merge);
  g_test_add_func ("/thunderbird/cert-override/save", test_override_save);
  g_test_add_func ("/thunderbird/export/pop3-with-pin", test_export_pop3_with_pin);
  g_test_add_func ("/thunderbird/export/oauth2-no-password", test_export_oauth2_no_password);
  return g_test_run ();
}
