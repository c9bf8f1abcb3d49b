/* test-dns-cache.c: MsDnsCache — one lookup per name, shared while it runs, kept after,
 * filtered by family, failures not kept, a cancelled caller answered at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "ms-dns-cache.h"

/* ---- a resolver that answers when told to ---------------------------------------------- */

#define TEST_TYPE_COUNT_RESOLVER (test_count_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestCountResolver, test_count_resolver, TEST, COUNT_RESOLVER, GResolver)

struct _TestCountResolver {
  GResolver parent_instance;
  guint n_lookups;
  guint n_records;
  GPtrArray *pending;          /* GTask, with the flags as task data */
};

G_DEFINE_FINAL_TYPE (TestCountResolver, test_count_resolver, G_TYPE_RESOLVER)

static void
count_by_name_flags_async (GResolver               *resolver,
                           const char              *name,
                           GResolverNameLookupFlags flags,
                           GCancellable            *cancellable,
                           GAsyncReadyCallback      callback,
                           gpointer                 user_data)
{
  TestCountResolver *self = TEST_COUNT_RESOLVER (resolver);
  GTask *task = g_task_new (resolver, cancellable, callback, user_data);

  self->n_lookups++;
  g_task_set_task_data (task, GUINT_TO_POINTER (flags), NULL);
  g_ptr_array_add (self->pending, task);
}

static void
count_by_name_async (GResolver *r, const char *name, GCancellable *c, GAsyncReadyCallback cb, gpointer d)
{
  count_by_name_flags_async (r, name, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, c, cb, d);
}

static GList *
count_finish (GResolver *resolver, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
count_records_async (GResolver *r, const char *rrname, GResolverRecordType type, GCancellable *c,
                     GAsyncReadyCallback cb, gpointer d)
{
  g_autoptr(GTask) task = g_task_new (r, c, cb, d);

  TEST_COUNT_RESOLVER (r)->n_records++;
  g_task_return_pointer (task, NULL, NULL);
}

static void
test_count_resolver_finalize (GObject *object)
{
  g_ptr_array_unref (TEST_COUNT_RESOLVER (object)->pending);
  G_OBJECT_CLASS (test_count_resolver_parent_class)->finalize (object);
}

static void
test_count_resolver_class_init (TestCountResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_count_resolver_finalize;
  resolver_class->lookup_by_name_async = count_by_name_async;
  resolver_class->lookup_by_name_finish = count_finish;
  resolver_class->lookup_by_name_with_flags_async = count_by_name_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = count_finish;
  resolver_class->lookup_records_async = count_records_async;
  resolver_class->lookup_records_finish = count_finish;
}

static void
test_count_resolver_init (TestCountResolver *self)
{
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Answers every pending lookup: 192.0.2.1 and 2001:db8::1 (those its flags ask for), or
 * "not found". */
static void
answer_all (TestCountResolver *self,
            gboolean           found)
{
  g_autoptr(GPtrArray) pending = g_steal_pointer (&self->pending);

  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < pending->len; i++)
    {
      GTask *task = g_ptr_array_index (pending, i);
      guint flags = GPOINTER_TO_UINT (g_task_get_task_data (task));
      GList *addresses = NULL;

      if (!found)
        {
          g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "no such name");
          continue;
        }
      if (!(flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY))
        addresses = g_list_append (addresses, g_inet_address_new_from_string ("192.0.2.1"));
      if (!(flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY))
        addresses = g_list_append (addresses, g_inet_address_new_from_string ("2001:db8::1"));
      g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
    }
}

/* ---- asking ------------------------------------------------------------------------------ */

typedef struct {
  gboolean done;
  GList *addresses;
  GError *error;
} Answer;

static void
on_answer (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Answer *answer = user_data;

  answer->addresses = g_resolver_lookup_by_name_with_flags_finish (G_RESOLVER (source), result,
                                                                   &answer->error);
  answer->done = TRUE;
}

static void
ask (GResolver               *cache,
     const char              *name,
     GResolverNameLookupFlags flags,
     GCancellable            *cancellable,
     Answer                  *answer)
{
  g_resolver_lookup_by_name_with_flags_async (cache, name, flags, cancellable, on_answer, answer);
}

static void
wait_for (Answer *answer)
{
  while (!answer->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
answer_clear (Answer *answer)
{
  g_resolver_free_addresses (answer->addresses);
  g_clear_error (&answer->error);
  *answer = (Answer) { 0 };
}

static char *
joined (GList *addresses)
{
  GString *out = g_string_new (NULL);

  for (GList *l = addresses; l != NULL; l = l->next)
    {
      g_autofree char *text = g_inet_address_to_string (l->data);

      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", text);
    }
  return g_string_free (out, FALSE);
}

static void
assert_addresses (Answer     *answer,
                  const char *expected)
{
  g_autofree char *got = NULL;

  wait_for (answer);
  g_assert_no_error (answer->error);
  got = joined (answer->addresses);
  g_assert_cmpstr (got, ==, expected);
  answer_clear (answer);
}

/* Two callers at once share one lookup; afterwards the answer is kept, and a one-family
 * question is answered from it, filtered. */
static void
test_shared_and_kept (void)
{
  g_autoptr(TestCountResolver) inner = g_object_new (TEST_TYPE_COUNT_RESOLVER, NULL);
  g_autoptr(GResolver) cache = ms_dns_cache_new (G_RESOLVER (inner));
  Answer a = { 0 }, b = { 0 };

  g_assert_false (ms_dns_cache_has (cache, "imap.example.test"));
  g_assert_false (ms_dns_cache_has (G_RESOLVER (inner), "imap.example.test"));
  ask (cache, "imap.example.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, NULL, &a);
  /* a lookup under way: a second caller would not wait a whole round trip */
  g_assert_true (ms_dns_cache_has (cache, "imap.example.test"));
  ask (cache, "IMAP.example.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, NULL, &b);
  g_assert_cmpuint (inner->n_lookups, ==, 1);
  answer_all (inner, TRUE);
  assert_addresses (&a, "192.0.2.1 2001:db8::1");
  assert_addresses (&b, "192.0.2.1 2001:db8::1");
  g_assert_true (ms_dns_cache_has (cache, "imap.example.test"));
  g_assert_false (ms_dns_cache_has (cache, "smtp.example.test"));

  /* what GSocketClient asks: each family on its own */
  ask (cache, "imap.example.test", G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY, NULL, &a);
  ask (cache, "imap.example.test", G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY, NULL, &b);
  assert_addresses (&a, "192.0.2.1");
  assert_addresses (&b, "2001:db8::1");
  g_assert_cmpuint (inner->n_lookups, ==, 1);

  /* another name is another lookup */
  ask (cache, "smtp.example.test", G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY, NULL, &a);
  g_assert_cmpuint (inner->n_lookups, ==, 2);
  answer_all (inner, TRUE);
  assert_addresses (&a, "192.0.2.1");
}

/* A failure goes to every caller and is not kept. */
static void
test_failure_not_kept (void)
{
  g_autoptr(TestCountResolver) inner = g_object_new (TEST_TYPE_COUNT_RESOLVER, NULL);
  g_autoptr(GResolver) cache = ms_dns_cache_new (G_RESOLVER (inner));
  Answer a = { 0 }, b = { 0 };

  ask (cache, "nowhere.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, NULL, &a);
  ask (cache, "nowhere.test", G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY, NULL, &b);
  g_assert_cmpuint (inner->n_lookups, ==, 1);
  answer_all (inner, FALSE);
  wait_for (&a);
  wait_for (&b);
  g_assert_error (a.error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  g_assert_error (b.error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  answer_clear (&a);
  answer_clear (&b);
  g_assert_false (ms_dns_cache_has (cache, "nowhere.test"));

  ask (cache, "nowhere.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, NULL, &a);
  g_assert_cmpuint (inner->n_lookups, ==, 2);
  answer_all (inner, TRUE);
  assert_addresses (&a, "192.0.2.1 2001:db8::1");
}

/* A caller that gives up is answered at once; the lookup goes on for the others. */
static void
test_cancelled_caller (void)
{
  g_autoptr(TestCountResolver) inner = g_object_new (TEST_TYPE_COUNT_RESOLVER, NULL);
  g_autoptr(GResolver) cache = ms_dns_cache_new (G_RESOLVER (inner));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Answer a = { 0 }, b = { 0 };

  ask (cache, "slow.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable, &a);
  ask (cache, "slow.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, NULL, &b);
  g_cancellable_cancel (cancellable);
  wait_for (&a);
  g_assert_error (a.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (b.done);
  answer_clear (&a);

  answer_all (inner, TRUE);
  assert_addresses (&b, "192.0.2.1 2001:db8::1");
  g_assert_cmpuint (inner->n_lookups, ==, 1);
}

/* Records are not the cache's business: each question reaches the resolver. */
static void
on_records (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (g_resolver_lookup_records_finish (G_RESOLVER (source), result, &error));
  *(gboolean *) user_data = TRUE;
}

static void
test_records_pass_through (void)
{
  g_autoptr(TestCountResolver) inner = g_object_new (TEST_TYPE_COUNT_RESOLVER, NULL);
  g_autoptr(GResolver) cache = ms_dns_cache_new (G_RESOLVER (inner));

  for (guint i = 0; i < 2; i++)
    {
      gboolean done = FALSE;

      g_resolver_lookup_records_async (cache, "example.test", G_RESOLVER_RECORD_MX, NULL,
                                       on_records, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (inner->n_records, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dns-cache/shared-and-kept", test_shared_and_kept);
  g_test_add_func ("/dns-cache/failure-not-kept", test_failure_not_kept);
  g_test_add_func ("/dns-cache/cancelled-caller", test_cancelled_caller);
  g_test_add_func ("/dns-cache/records-pass-through", test_records_pass_through);
  return g_test_run ();
}
