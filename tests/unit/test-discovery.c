/* test-discovery.c: discovery logic without a network — ranking, candidates, trust,
 * the built-in path, progress, timeouts and cancellation (a resolver that never answers
 * stands in for a dead network, so nothing leaves the machine)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ms-discovery.h"
#include "ms-http.h"
#include "ms-source-common.h"
#include "ms-source-guess.h"
#include "ms-source-mx.h"
#include "ms-source-srv.h"

/* ---- a resolver that never answers --------------------------------------------------- */

G_DECLARE_FINAL_TYPE (TestHangResolver, test_hang_resolver, TEST, HANG_RESOLVER, GResolver)

struct _TestHangResolver {
  GResolver parent_instance;
  guint     n_lookups;
};

G_DEFINE_TYPE (TestHangResolver, test_hang_resolver, G_TYPE_RESOLVER)

static gboolean
hang_cancelled (GCancellable *cancellable,
                gpointer      user_data)
{
  GTask *task = user_data;

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  return G_SOURCE_REMOVE;
}

/* Pends until cancelled (forever without a cancellable). */
static void
hang (gpointer             resolver,
      GCancellable        *cancellable,
      GAsyncReadyCallback  callback,
      gpointer             user_data)
{
  GTask *task = g_task_new (resolver, cancellable, callback, user_data);

  ((TestHangResolver *) resolver)->n_lookups++;
  if (cancellable != NULL)
    {
      g_autoptr(GSource) source = g_cancellable_source_new (cancellable);

      g_task_set_check_cancellable (task, FALSE);
      g_source_set_callback (source, G_SOURCE_FUNC (hang_cancelled), task, g_object_unref);
      g_source_attach (source, g_main_context_get_thread_default ());
    }
}

static gpointer
hang_finish (GResolver     *resolver,
             GAsyncResult  *result,
             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GList *
hang_sync (GResolver     *resolver,
           const char    *name,
           GCancellable  *cancellable,
           GError       **error)
{
  g_set_error_literal (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE, "test: no DNS");
  return NULL;
}

static void
hang_by_name_async (GResolver *r, const char *name, GCancellable *c, GAsyncReadyCallback cb, gpointer d)
{
  hang (r, c, cb, d);
}

static void
hang_by_name_flags_async (GResolver *r, const char *name, GResolverNameLookupFlags flags,
                          GCancellable *c, GAsyncReadyCallback cb, gpointer d)
{
  hang (r, c, cb, d);
}

static GList *
hang_by_name_flags (GResolver *r, const char *name, GResolverNameLookupFlags flags,
                    GCancellable *c, GError **error)
{
  return hang_sync (r, name, c, error);
}

static void
hang_records_async (GResolver *r, const char *rrname, GResolverRecordType type, GCancellable *c,
                    GAsyncReadyCallback cb, gpointer d)
{
  hang (r, c, cb, d);
}

static GList *
hang_records (GResolver *r, const char *rrname, GResolverRecordType type, GCancellable *c,
              GError **error)
{
  return hang_sync (r, rrname, c, error);
}

static void
hang_service_async (GResolver *r, const char *rrname, GCancellable *c, GAsyncReadyCallback cb,
                    gpointer d)
{
  hang (r, c, cb, d);
}

static void
hang_by_address_async (GResolver *r, GInetAddress *a, GCancellable *c, GAsyncReadyCallback cb,
                       gpointer d)
{
  hang (r, c, cb, d);
}

static char *
hang_by_address (GResolver *r, GInetAddress *a, GCancellable *c, GError **error)
{
  g_set_error_literal (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE, "test: no DNS");
  return NULL;
}

static void
test_hang_resolver_class_init (TestHangResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = hang_sync;
  resolver_class->lookup_by_name_async = hang_by_name_async;
  resolver_class->lookup_by_name_finish = (gpointer) hang_finish;
  resolver_class->lookup_by_name_with_flags = hang_by_name_flags;
  resolver_class->lookup_by_name_with_flags_async = hang_by_name_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = (gpointer) hang_finish;
  resolver_class->lookup_by_address = hang_by_address;
  resolver_class->lookup_by_address_async = hang_by_address_async;
  resolver_class->lookup_by_address_finish = (gpointer) hang_finish;
  resolver_class->lookup_records = hang_records;
  resolver_class->lookup_records_async = hang_records_async;
  resolver_class->lookup_records_finish = (gpointer) hang_finish;
  resolver_class->lookup_service_async = hang_service_async;
  resolver_class->lookup_service_finish = (gpointer) hang_finish;
}

static void
test_hang_resolver_init (TestHangResolver *self)
{
}

/* ---- helpers ----------------------------------------------------------------------- */

static const char test_provider_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<clientConfig version=\"1.1\">\n"
  "  <emailProvider id=\"known.test\">\n"
  "    <domain>known.test</domain>\n"
  "    <domain>known-alias.test</domain>\n"
  "    <displayName>Known Mail</displayName>\n"
  "    <incomingServer type=\"imap\">\n"
  "      <hostname>imap.known.test</hostname><port>993</port><socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>\n"
  "    </incomingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>smtp.known.test</hostname><port>465</port><socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>\n"
  "    </outgoingServer>\n"
  "  </emailProvider>\n"
  "</clientConfig>\n";

static const char test_oauth_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<clientConfig version=\"1.1\">\n"
  "  <emailProvider id=\"oauth.test\">\n"
  "    <domain>oauth.test</domain>\n"
  "    <incomingServer type=\"imap\">\n"
  "      <hostname>imap.oauth.test</hostname><port>993</port><socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username><authentication>OAuth2</authentication>\n"
  "    </incomingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>smtp.oauth.test</hostname><port>587</port><socketType>STARTTLS</socketType>\n"
  "      <username>%EMAILADDRESS%</username><authentication>OAuth2</authentication>\n"
  "    </outgoingServer>\n"
  "  </emailProvider>\n"
  "</clientConfig>\n";

static MsProviderDb *
make_db (void)
{
  g_autoptr(MsProviderDb) db = ms_provider_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_provider_db_add_data (db, "known.xml", test_provider_xml,
                                          strlen (test_provider_xml), &error));
  g_assert_no_error (error);
  g_assert_true (ms_provider_db_add_data (db, "oauth.xml", test_oauth_xml,
                                          strlen (test_oauth_xml), &error));
  g_assert_no_error (error);
  return g_steal_pointer (&db);
}

typedef struct {
  GMainLoop         *loop;
  MsDiscoveryResult *result;
  GError            *error;
  gboolean           called;
  guint              n_progress;
  guint              n_progress_after_callback;
  MsDiscoveryState   last[MS_DISCOVERY_LAST_SOURCE + 1];
  GString           *log;
} RunData;

static void
run_data_clear (RunData *data)
{
  g_clear_pointer (&data->loop, g_main_loop_unref);
  g_clear_pointer (&data->result, ms_discovery_result_unref);
  g_clear_error (&data->error);
  if (data->log != NULL)
    g_string_free (data->log, TRUE);
}

static void
progress_cb (MsSource          source,
             MsDiscoveryState  state,
             guint             elapsed_ms,
             gpointer          user_data)
{
  RunData *data = user_data;

  g_assert_cmpint (source, >=, MS_DISCOVERY_FIRST_SOURCE);
  g_assert_cmpint (source, <=, MS_DISCOVERY_LAST_SOURCE);
  if (data->called)
    data->n_progress_after_callback++;
  data->n_progress++;
  data->last[source] = state;
  g_string_append_printf (data->log, "%s:%s ", ms_source_to_string (source),
                          ms_discovery_state_to_string (state));
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  RunData *data = user_data;

  g_assert_false (data->called);
  data->called = TRUE;
  data->result = ms_discovery_run_finish (result, &data->error);
  g_main_loop_quit (data->loop);
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_loop, loop);
  g_main_loop_run (loop);
}

static gboolean
cancel_now (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* ---- pure logic -------------------------------------------------------------------- */

static void
test_rank_pick (void)
{
  const MsRankState a[] = { MS_RANK_PENDING, MS_RANK_SUCCESS };
  const MsRankState b[] = { MS_RANK_FAILURE, MS_RANK_SUCCESS, MS_RANK_PENDING };
  const MsRankState c[] = { MS_RANK_FAILURE, MS_RANK_FAILURE };
  const MsRankState d[] = { MS_RANK_SUCCESS, MS_RANK_SUCCESS };
  const MsRankState e[] = { MS_RANK_FAILURE, MS_RANK_PENDING, MS_RANK_SUCCESS };

  /* a better-ranked source still running is waited for, even if a lower one answered */
  g_assert_cmpint (ms_rank_pick (a, G_N_ELEMENTS (a)), ==, MS_RANK_WAIT);
  /* a lower-ranked source still running does not hold up a winner */
  g_assert_cmpint (ms_rank_pick (b, G_N_ELEMENTS (b)), ==, 1);
  g_assert_cmpint (ms_rank_pick (c, G_N_ELEMENTS (c)), ==, MS_RANK_NONE);
  g_assert_cmpint (ms_rank_pick (d, G_N_ELEMENTS (d)), ==, 0);
  g_assert_cmpint (ms_rank_pick (e, G_N_ELEMENTS (e)), ==, MS_RANK_WAIT);
  g_assert_cmpint (ms_rank_pick (NULL, 0), ==, MS_RANK_NONE);
}

static void
check_candidates (const char *mx,
                  const char *domain,
                  const char *expected)
{
  g_auto(GStrv) got = ms_source_mx_candidate_domains (mx, domain);
  g_autofree char *joined = g_strjoinv (" ", got);

  g_assert_cmpstr (joined, ==, expected);
}

static void
test_mx_candidates (void)
{
  /* Spectrum: regional rr.com domains lead to their base domain */
  check_candidates ("mx1.nc.rr.com", "nc.rr.com", "rr.com");
  check_candidates ("mx.charter.net", "nc.rr.com", "charter.net");
  check_candidates ("mail.twc.com", "roadrunner.com", "twc.com");
  /* Office 365 tells itself apart from outlook.com by the MX host's parent domain */
  check_candidates ("contoso-com.mail.protection.outlook.com", "contoso.com",
                    "mail.protection.outlook.com outlook.com");
  /* an MX in the address's own domain adds nothing */
  check_candidates ("mx.example.com", "example.com", "");
  check_candidates ("mx.example.co.uk", "example.co.uk", "");
  /* public-suffix aware */
  check_candidates ("mx.hoster.co.uk", "example.com", "hoster.co.uk");
  check_candidates ("mail.example.com", "sub.example.com", "example.com");
}

static void
test_registrable_domain (void)
{
  g_autofree char *a = ms_registrable_domain ("nc.rr.com");
  g_autofree char *b = ms_registrable_domain ("mobile.charter.net");
  g_autofree char *c = ms_registrable_domain ("a.b.example.co.uk");
  g_autofree char *d = ms_registrable_domain ("co.uk");

  g_assert_cmpstr (a, ==, "rr.com");
  g_assert_cmpstr (b, ==, "charter.net");
  g_assert_cmpstr (c, ==, "example.co.uk");
  g_assert_cmpstr (d, ==, "co.uk");
}

static void
test_guess_candidates (void)
{
  g_autoptr(GPtrArray) in = ms_source_guess_incoming ("example.test", "a@example.test");
  g_autoptr(GPtrArray) out = ms_source_guess_outgoing ("example.test", "a@example.test");
  g_autoptr(GString) in_uris = g_string_new (NULL);
  g_autoptr(GString) out_uris = g_string_new (NULL);

  for (guint i = 0; i < in->len; i++)
    {
      g_autofree char *uri = ms_server_to_uri (g_ptr_array_index (in, i));
      g_assert_cmpint (ms_server_get_security (g_ptr_array_index (in, i)), !=, MS_SECURITY_NONE);
      g_string_append_printf (in_uris, "%s ", uri);
    }
  for (guint i = 0; i < out->len; i++)
    {
      g_autofree char *uri = ms_server_to_uri (g_ptr_array_index (out, i));
      g_assert_cmpint (ms_server_get_security (g_ptr_array_index (out, i)), !=, MS_SECURITY_NONE);
      g_string_append_printf (out_uris, "%s ", uri);
    }

  g_assert_cmpstr (in_uris->str, ==,
                   "imap://imap.example.test:993/tls imap://mail.example.test:993/tls "
                   "imap://example.test:993/tls "
                   "imap://imap.example.test:143/starttls imap://mail.example.test:143/starttls "
                   "imap://example.test:143/starttls "
                   "pop3://pop.example.test:995/tls pop3://pop3.example.test:995/tls "
                   "pop3://mail.example.test:995/tls pop3://example.test:995/tls "
                   "pop3://pop.example.test:110/starttls pop3://pop3.example.test:110/starttls "
                   "pop3://mail.example.test:110/starttls pop3://example.test:110/starttls ");
  /* implicit TLS on 587 is tried too (Charter/Spectrum) */
  g_assert_cmpstr (out_uris->str, ==,
                   "smtp://smtp.example.test:465/tls smtp://mail.example.test:465/tls "
                   "smtp://example.test:465/tls "
                   "smtp://smtp.example.test:587/tls smtp://mail.example.test:587/tls "
                   "smtp://example.test:587/tls "
                   "smtp://smtp.example.test:587/starttls smtp://mail.example.test:587/starttls "
                   "smtp://example.test:587/starttls ");
}

static void
test_srv_services (void)
{
  static const char *expected[] = { "imaps", "imap", "pop3s", "pop3", "submissions", "submission" };
  MsProtocol protocol;
  MsSecurity security;

  for (guint i = 0; i < MS_SOURCE_SRV_N_SERVICES; i++)
    {
      g_assert_cmpstr (ms_source_srv_service (i, &protocol, &security), ==, expected[i]);
      /* RFC 6186/8314: "s" services are implicit TLS, the others STARTTLS, never plain */
      g_assert_cmpint (security, ==, g_str_has_suffix (expected[i], "s")
                                       ? MS_SECURITY_TLS : MS_SECURITY_STARTTLS);
      g_assert_cmpint (protocol, ==, i < 2 ? MS_PROTOCOL_IMAP : i < 4 ? MS_PROTOCOL_POP3
                                                              : MS_PROTOCOL_SMTP);
    }
}

static void
test_http_urls (void)
{
  g_autofree char *host = ms_http_url_get_host ("https://AutoConfig.Example.TEST/mail/x.xml?a=b");

  g_assert_true (ms_http_url_is_https ("https://autoconfig.example.test/mail/config-v1.1.xml"));
  g_assert_false (ms_http_url_is_https ("http://autoconfig.example.test/mail/config-v1.1.xml"));
  g_assert_false (ms_http_url_is_https ("ftp://example.test/"));
  g_assert_false (ms_http_url_is_https ("https://user:secret@example.test/"));
  g_assert_false (ms_http_url_is_https ("/relative"));
  g_assert_false (ms_http_url_is_https (NULL));
  g_assert_cmpstr (host, ==, "autoconfig.example.test");
}

static void
test_trust (void)
{
  g_autoptr(MsProviderDb) db = make_db ();
  g_autoptr(MsAddress) address = ms_address_parse ("someone@nc.rr.com", NULL);
  MsDiscoveryOptions options = { .offline = TRUE, .provider_db = db };
  g_autoptr(MsSourceContext) ctx = ms_source_context_new (address, &options);
  g_autoptr(MsAccount) account = ms_account_new (address);

  g_assert_cmpstr (ctx->base_domain, ==, "rr.com");
  /* the address's registrable domain vouches for its hosts */
  g_assert_true (ms_source_host_vouched (ctx, account, "mail.nc.rr.com"));
  g_assert_true (ms_source_host_vouched (ctx, account, "mail.rr.com"));
  g_assert_false (ms_source_host_vouched (ctx, account, "mail.twc.com"));
  g_assert_false (ms_source_host_vouched (ctx, account, "evilrr.com"));
  /* and so does the provider's own domain list */
  ms_account_add_provider_domain (account, "twc.com");
  g_assert_true (ms_source_host_vouched (ctx, account, "mail.twc.com"));
  g_assert_false (ms_source_host_vouched (ctx, account, "mail.charter.net"));
}

/* ---- runs ------------------------------------------------------------------------- */

static void
test_builtin_hit (void)
{
  g_autoptr(MsProviderDb) db = make_db ();
  g_autoptr(MsAddress) address = ms_address_parse ("Someone@Known-Alias.test", NULL);
  MsDiscoveryOptions options = { .provider_db = db };
  RunData data = { 0 };
  MsAccount *account;
  MsServer *server;
  gint64 start = g_get_monotonic_time ();

  data.loop = g_main_loop_new (NULL, FALSE);
  data.log = g_string_new (NULL);
  /* Not offline: a built-in hit must still answer without asking the network. */
  ms_discovery_run_async (address, &options, NULL, progress_cb, &data, done_cb, &data);
  g_assert_cmpuint (data.n_progress, ==, 0);   /* never from inside the call */
  g_main_loop_run (data.loop);

  g_assert_no_error (data.error);
  g_assert_nonnull (data.result);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
  account = ms_discovery_result_get_account (data.result);
  g_assert_nonnull (account);
  g_assert_cmpint (ms_discovery_result_get_source (data.result), ==, MS_SOURCE_BUILTIN);
  g_assert_false (ms_account_get_needs_confirmation (account));
  g_assert_cmpstr (ms_account_get_provider_id (account), ==, "known.test");
  server = g_ptr_array_index (ms_account_get_incoming (account), 0);
  g_assert_cmpstr (ms_server_get_host (server), ==, "imap.known.test");
  g_assert_cmpstr (ms_server_get_username (server), ==, "Someone@known-alias.test");
  for (MsSource s = MS_SOURCE_AUTOCONFIG; s <= MS_DISCOVERY_LAST_SOURCE; s++)
    {
      g_assert_cmpint (ms_discovery_result_get_state (data.result, s), ==, MS_DISCOVERY_STATE_SKIPPED);
      g_assert_cmpint (data.last[s], ==, MS_DISCOVERY_STATE_SKIPPED);
    }
  g_assert_true (g_str_has_prefix (data.log->str, "builtin:started builtin:found "));

  spin (50);
  g_assert_cmpuint (data.n_progress_after_callback, ==, 0);
  run_data_clear (&data);
}

static void
test_builtin_oauth2 (void)
{
  g_autoptr(MsProviderDb) db = make_db ();
  g_autoptr(MsAddress) address = ms_address_parse ("someone@oauth.test", NULL);
  MsDiscoveryOptions options = { .offline = TRUE, .provider_db = db };
  RunData data = { 0 };
  g_autoptr(MsJsonBuilder) builder = ms_json_builder_new ();

  data.loop = g_main_loop_new (NULL, FALSE);
  data.log = g_string_new (NULL);
  ms_discovery_run_async (address, &options, NULL, progress_cb, &data, done_cb, &data);
  g_main_loop_run (data.loop);

  g_assert_nonnull (ms_discovery_result_get_account (data.result));
  g_assert_true (ms_account_get_oauth2_required (ms_discovery_result_get_account (data.result)));
  ms_discovery_result_to_json (data.result, builder);
  g_assert_nonnull (strstr (ms_json_builder_get_text (builder), "\"oauth2_required\":true"));
  g_assert_nonnull (strstr (ms_json_builder_get_text (builder), "\"oauth2\""));
  run_data_clear (&data);
}

static void
test_offline_miss (void)
{
  g_autoptr(MsProviderDb) db = make_db ();
  g_autoptr(MsAddress) address = ms_address_parse ("someone@unknown.test", NULL);
  MsDiscoveryOptions options = { .offline = TRUE, .provider_db = db };
  RunData data = { 0 };
  g_autoptr(MsJsonBuilder) builder = ms_json_builder_new ();
  const char *json;

  data.loop = g_main_loop_new (NULL, FALSE);
  data.log = g_string_new (NULL);
  ms_discovery_run_async (address, &options, NULL, progress_cb, &data, done_cb, &data);
  g_main_loop_run (data.loop);

  g_assert_no_error (data.error);
  g_assert_null (ms_discovery_result_get_account (data.result));
  g_assert_cmpint (ms_discovery_result_get_source (data.result), ==, MS_SOURCE_NONE);
  g_assert_cmpint (data.last[MS_SOURCE_BUILTIN], ==, MS_DISCOVERY_STATE_NOTHING);
  g_assert_cmpint (data.last[MS_SOURCE_GUESS], ==, MS_DISCOVERY_STATE_SKIPPED);

  ms_discovery_result_to_json (data.result, builder);
  json = ms_json_builder_get_text (builder);
  g_test_message ("%s", json);
  g_assert_nonnull (strstr (json, "\"source\":null"));
  g_assert_nonnull (strstr (json, "\"incoming\":[]"));
  g_assert_nonnull (strstr (json, "\"outgoing\":[]"));
  g_assert_nonnull (strstr (json, "\"trace\":[{\"source\":\"builtin\""));
  run_data_clear (&data);
}

static void
test_cancel_in_flight (void)
{
  g_autoptr(GResolver) old = g_resolver_get_default ();
  g_autoptr(TestHangResolver) resolver = g_object_new (test_hang_resolver_get_type (), NULL);
  g_autoptr(MsProviderDb) db = make_db ();
  g_autoptr(MsAddress) address = ms_address_parse ("someone@example.invalid", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  MsDiscoveryOptions options = { .provider_db = db, .source_timeout_ms = 60000,
                                 .probe_timeout_ms = 60000 };
  RunData data = { 0 };

  g_resolver_set_default (G_RESOLVER (resolver));
  data.loop = g_main_loop_new (NULL, FALSE);
  data.log = g_string_new (NULL);
  ms_discovery_run_async (address, &options, cancellable, progress_cb, &data, done_cb, &data);
  g_timeout_add (100, cancel_now, cancellable);
  g_main_loop_run (data.loop);

  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (data.result);
  /* every network source was really in flight, waiting on DNS */
  g_assert_cmpuint (resolver->n_lookups, >, 6);
  for (MsSource s = MS_SOURCE_AUTOCONFIG; s <= MS_DISCOVERY_LAST_SOURCE; s++)
    g_assert_cmpint (data.last[s], ==, MS_DISCOVERY_STATE_CANCELLED);

  /* Nothing calls back afterwards, and everything in flight winds down (ASan checks the
   * memory; the progress counter checks the callbacks). */
  run_data_clear (&data);
  data.log = g_string_new (NULL);
  spin (300);
  g_assert_cmpuint (data.n_progress_after_callback, ==, 0);
  g_string_free (data.log, TRUE);
  g_resolver_set_default (old);
}

/* Runs discovery for someone@example.invalid with every DNS question hanging, to its end;
 * the milliseconds it took. */
static guint
run_with_hanging_dns (MsDiscoveryOptions *options,
                      RunData            *data)
{
  g_autoptr(GResolver) old = g_resolver_get_default ();
  g_autoptr(TestHangResolver) resolver = g_object_new (test_hang_resolver_get_type (), NULL);
  g_autoptr(MsProviderDb) db = make_db ();
  g_autoptr(MsAddress) address = ms_address_parse ("someone@example.invalid", NULL);
  gint64 start = g_get_monotonic_time ();

  options->provider_db = db;
  g_resolver_set_default (G_RESOLVER (resolver));
  data->loop = g_main_loop_new (NULL, FALSE);
  data->log = g_string_new (NULL);
  ms_discovery_run_async (address, options, NULL, progress_cb, data, done_cb, data);
  g_main_loop_run (data->loop);
  g_resolver_set_default (old);
  options->provider_db = NULL;
  g_assert_no_error (data->error);
  g_assert_null (ms_discovery_result_get_account (data->result));
  return (guint) ((g_get_monotonic_time () - start) / 1000);
}

/* Nothing of the run calls back after its callback, while what was in flight winds down. */
static void
assert_quiet_afterwards (RunData *data)
{
  run_data_clear (data);
  data->log = g_string_new (NULL);
  spin (200);
  g_assert_cmpuint (data->n_progress_after_callback, ==, 0);
  g_string_free (data->log, TRUE);
}

/* How many trace entries of @source (MS_SOURCE_NONE: any) have @needle in their result. */
static guint
count_trace (MsDiscoveryResult *result,
             MsSource           source,
             const char        *needle)
{
  GPtrArray *trace = ms_discovery_result_get_trace (result);
  guint n = 0;

  for (guint i = 0; i < trace->len; i++)
    {
      MsDiscoveryTraceEntry *entry = g_ptr_array_index (trace, i);

      if ((source == MS_SOURCE_NONE || entry->source == source)
          && strstr (entry->result, needle) != NULL)
        n++;
    }
  return n;
}

static void
test_hanging_sources_timed_out (void)
{
  MsDiscoveryOptions options = { .source_timeout_ms = 200, .probe_timeout_ms = 300 };
  RunData data = { 0 };
  guint elapsed_ms = run_with_hanging_dns (&options, &data);

  /* every source is cut at its own timeout: the slowest budget, not a sum */
  g_assert_cmpuint (elapsed_ms, >=, 190);
  g_assert_cmpuint (elapsed_ms, <, 300 + MS_SOURCE_GUESS_SLACK_MS + 500);
  for (MsSource s = MS_SOURCE_AUTOCONFIG; s < MS_SOURCE_GUESS; s++)
    g_assert_cmpint (ms_discovery_result_get_state (data.result, s), ==, MS_DISCOVERY_STATE_FAILED);
  /* every probe timed out: guessing found nothing (or was cut itself) */
  g_assert_true (ms_discovery_result_get_state (data.result, MS_SOURCE_GUESS) == MS_DISCOVERY_STATE_NOTHING
                 || ms_discovery_result_get_state (data.result, MS_SOURCE_GUESS) == MS_DISCOVERY_STATE_FAILED);
  g_assert_cmpuint (count_trace (data.result, MS_SOURCE_AUTOCONFIG, "timed out after 200 ms"), >, 0);
  /* sources that ran out of their own time are no problem of the search */
  g_assert_null (ms_discovery_result_get_problem (data.result));
  assert_quiet_afterwards (&data);
}

/* The search's deadline: sources with long timeouts are stopped at it, and a search that
 * found nothing says it was too slow. */
static void
test_deadline (void)
{
  MsDiscoveryOptions options = { .source_timeout_ms = 20000, .probe_timeout_ms = 20000,
                                 .deadline_ms = 300 };
  RunData data = { 0 };
  guint elapsed_ms = run_with_hanging_dns (&options, &data);
  MsProblem *problem;

  g_assert_cmpuint (elapsed_ms, >=, 290);
  g_assert_cmpuint (elapsed_ms, <, 2000);
  for (MsSource s = MS_SOURCE_AUTOCONFIG; s <= MS_DISCOVERY_LAST_SOURCE; s++)
    g_assert_cmpint (ms_discovery_result_get_state (data.result, s), ==, MS_DISCOVERY_STATE_FAILED);
  g_assert_cmpuint (count_trace (data.result, MS_SOURCE_NONE,
                                 "stopped at the search's deadline of 300 ms"),
                    ==, MS_DISCOVERY_LAST_SOURCE - MS_SOURCE_AUTOCONFIG + 1);
  problem = ms_discovery_result_get_problem (data.result);
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->code, ==, MS_PROBLEM_TOO_SLOW);
  g_assert_nonnull (strstr (problem->message, "example.invalid"));
  g_assert_nonnull (strstr (problem->detail, "0.3 s"));
  assert_quiet_afterwards (&data);
}

/* The budgets follow the lower quartile of the DNS round trips: 10 × it, within 0.7–2 s for
 * a probe and 1–2.5 s for a source; the whole timeouts while none is known or when the
 * caller fixed them; only answers and definite "no such name" count. */
static void
test_adaptive_budgets (void)
{
  g_autoptr(MsAddress) address = ms_address_parse ("someone@example.test", NULL);
  MsDiscoveryOptions adaptive = { .offline = TRUE };
  MsDiscoveryOptions fixed = { .offline = TRUE, .source_timeout_ms = 3000 };
  g_autoptr(MsSourceContext) ctx = ms_source_context_new (address, &adaptive);
  g_autoptr(MsSourceContext) slow = ms_source_context_new (address, &adaptive);
  g_autoptr(MsSourceContext) fixed_ctx = ms_source_context_new (address, &fixed);
  g_autoptr(GError) timeout = g_error_new_literal (G_RESOLVER_ERROR,
                                                   G_RESOLVER_ERROR_TEMPORARY_FAILURE, "timeout");
  g_autoptr(GError) nxdomain = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                                                    "no such name");

  g_assert_cmpint (ms_source_context_get_rtt_us (ctx), ==, 0);
  g_assert_cmpuint (ms_source_context_get_probe_timeout_ms (ctx), ==, 2000);
  g_assert_cmpuint (ms_source_context_get_source_budget_ms (ctx), ==, 2500);

  /* a failed question is no round trip */
  ms_source_context_note_dns (ctx, g_get_monotonic_time () - 5000, timeout);
  g_assert_cmpint (ms_source_context_get_rtt_us (ctx), ==, 0);

  /* a fast (cached) answer alone: the floors */
  ms_source_context_note_dns (ctx, g_get_monotonic_time () - 100, NULL);
  g_assert_cmpint (ms_source_context_get_rtt_us (ctx), >=, 100);
  g_assert_cmpint (ms_source_context_get_rtt_us (ctx), <, 50000);
  g_assert_cmpuint (ms_source_context_get_probe_timeout_ms (ctx), ==, 700);
  g_assert_cmpuint (ms_source_context_get_source_budget_ms (ctx), ==, 1000);

  /* three answers of 150 ms (one a "no such name") outvote it: the quartile is 150 ms */
  ms_source_context_note_dns (ctx, g_get_monotonic_time () - 150000, nxdomain);
  for (guint i = 0; i < 2; i++)
    ms_source_context_note_dns (ctx, g_get_monotonic_time () - 150000, NULL);
  g_assert_cmpint (ms_source_context_get_rtt_us (ctx) / 1000, ==, 150);
  g_assert_cmpuint (ms_source_context_get_probe_timeout_ms (ctx), >=, 1500);
  g_assert_cmpuint (ms_source_context_get_probe_timeout_ms (ctx), <=, 1510);
  g_assert_cmpuint (ms_source_context_get_source_budget_ms (ctx), >=, 1500);
  /* answers that waited long (in the resolver's threads) do not stretch it */
  for (guint i = 0; i < 4; i++)
    ms_source_context_note_dns (ctx, g_get_monotonic_time () - 900000, NULL);
  g_assert_cmpint (ms_source_context_get_rtt_us (ctx) / 1000, ==, 150);

  /* a slow network: the ceilings */
  for (guint i = 0; i < 3; i++)
    ms_source_context_note_dns (slow, g_get_monotonic_time () - 400000, NULL);
  g_assert_cmpuint (ms_source_context_get_probe_timeout_ms (slow), ==, 2000);
  g_assert_cmpuint (ms_source_context_get_source_budget_ms (slow), ==, 2500);

  /* a timeout the caller gave stays what it is; the probe's still adapts */
  ms_source_context_note_dns (fixed_ctx, g_get_monotonic_time () - 100, NULL);
  g_assert_cmpuint (ms_source_context_get_source_budget_ms (fixed_ctx), ==, 3000);
  g_assert_cmpuint (ms_source_context_get_probe_timeout_ms (fixed_ctx), ==, 700);
}

static void
test_bad_ispdb_url (void)
{
  g_autoptr(MsProviderDb) db = make_db ();
  g_autoptr(MsAddress) address = ms_address_parse ("someone@unknown.test", NULL);
  MsDiscoveryOptions options = { .provider_db = db, .ispdb_url = "http://ispdb.test/" };
  RunData data = { 0 };

  data.loop = g_main_loop_new (NULL, FALSE);
  data.log = g_string_new (NULL);
  ms_discovery_run_async (address, &options, NULL, progress_cb, &data, done_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (data.n_progress, ==, 0);
  run_data_clear (&data);
}

int
main (int   argc,
      char *argv[])
{
  /* No system proxy settings (and no GSettings) in the way of the fake resolver. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/discovery/rank-pick", test_rank_pick);
  g_test_add_func ("/discovery/mx-candidates", test_mx_candidates);
  g_test_add_func ("/discovery/registrable-domain", test_registrable_domain);
  g_test_add_func ("/discovery/guess-candidates", test_guess_candidates);
  g_test_add_func ("/discovery/srv-services", test_srv_services);
  g_test_add_func ("/discovery/http-urls", test_http_urls);
  g_test_add_func ("/discovery/trust", test_trust);
  g_test_add_func ("/discovery/builtin-hit", test_builtin_hit);
  g_test_add_func ("/discovery/builtin-oauth2", test_builtin_oauth2);
  g_test_add_func ("/discovery/offline-miss", test_offline_miss);
  g_test_add_func ("/discovery/bad-ispdb-url", test_bad_ispdb_url);
  g_test_add_func ("/discovery/cancel-in-flight", test_cancel_in_flight);
  g_test_add_func ("/discovery/hanging-sources-timed-out", test_hanging_sources_timed_out);
  g_test_add_func ("/discovery/deadline", test_deadline);
  g_test_add_func ("/discovery/adaptive-budgets", test_adaptive_budgets);

  return g_test_run ();
}
