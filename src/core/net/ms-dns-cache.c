/* ms-dns-cache.c: name lookups shared and kept for a short while, process-wide
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Discovery and the check after it ask for the same names: guessing looks up imap.DOMAIN
 * and smtp.DOMAIN while the HTTPS sources still wait for their documents, and the check
 * then connects to the very same hosts. GIO looks every GNetworkAddress up afresh, so
 * each check paid again for a lookup already made — a round trip to the name server. This
 * GResolver wraps the default one and answers a host's lookup once per
 * MS_DNS_CACHE_TTL_S: callers that ask while it runs wait for the same answer, and an
 * IPv4-only or IPv6-only question (GSocketClient asks both, for Happy Eyeballs) is also
 * answered from a lookup of both families, filtered. Failures are never kept, so a name
 * that did not resolve is asked again. Nothing else (reverse lookups, SRV, MX, SOA)
 * goes through the cache.
 */
#define G_LOG_DOMAIN "ms-dns-cache"

#include "config.h"

#include "ms-dns-cache.h"

struct _MsDnsCache {
  GResolver parent_instance;

  GResolver *inner;
  GMutex lock;
  GHashTable *entries;         /* "flags/host" → Entry */
};

G_DEFINE_FINAL_TYPE (MsDnsCache, ms_dns_cache, G_TYPE_RESOLVER)

typedef struct {
  char *key;
  GList *addresses;            /* GInetAddress, once found */
  gint64 expires_us;           /* 0 while the lookup runs */
  GList *waiters;              /* Waiter */
} Entry;

/* A caller waiting for an entry's lookup. */
typedef struct {
  GTask *task;
  GSocketFamily family;        /* G_SOCKET_FAMILY_INVALID: every address */
  GSource *cancelled;          /* the caller's cancellable, in the task's context */
  gboolean done;               /* returned (under the lock) */
} Waiter;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->key);
  g_resolver_free_addresses (entry->addresses);
  g_free (entry);
}

static char *
entry_key (const char              *host,
           GResolverNameLookupFlags flags)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  return g_strdup_printf ("%u/%s", (guint) flags, lower);
}

static GSocketFamily
flags_family (GResolverNameLookupFlags flags)
{
  if (flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY)
    return G_SOCKET_FAMILY_IPV4;
  if (flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY)
    return G_SOCKET_FAMILY_IPV6;
  return G_SOCKET_FAMILY_INVALID;
}

/* Returns @addresses (those of @family) to @task, or the error GIO gives when a host has
 * none of that family. */
static void
return_addresses (GTask         *task,
                  GList         *addresses,
                  GSocketFamily  family)
{
  GList *copy = NULL;

  for (GList *l = addresses; l != NULL; l = l->next)
    if (family == G_SOCKET_FAMILY_INVALID
        || g_inet_address_get_family (l->data) == family)
      copy = g_list_prepend (copy, g_object_ref (l->data));
  if (copy == NULL)
    {
      g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                               "No addresses of this family for the name");
      return;
    }
  g_task_return_pointer (task, g_list_reverse (copy), (GDestroyNotify) g_resolver_free_addresses);
}

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancelled != NULL)
    {
      g_source_destroy (waiter->cancelled);
      g_source_unref (waiter->cancelled);
    }
  g_object_unref (waiter->task);
  g_free (waiter);
}

static gboolean
on_waiter_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;
  MsDnsCache *self = g_task_get_source_object (waiter->task);
  gboolean mine;

  g_mutex_lock (&self->lock);
  mine = !waiter->done;
  waiter->done = TRUE;
  g_mutex_unlock (&self->lock);
  /* the lookup goes on for the others; whoever returns the task frees the waiter */
  if (mine)
    g_task_return_error_if_cancelled (waiter->task);
  return G_SOURCE_REMOVE;
}

/* One lookup of the inner resolver, for the entry under @key. */
typedef struct {
  MsDnsCache *self;
  char *key;
} Lookup;

static void
on_inner_lookup (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Lookup *lookup = user_data;
  MsDnsCache *self = lookup->self;
  GError *error = NULL;
  GList *addresses = g_resolver_lookup_by_name_with_flags_finish (G_RESOLVER (source), result, &error);
  GList *waiters;
  Entry *entry;

  g_mutex_lock (&self->lock);
  /* a pending entry is never replaced nor removed but here */
  entry = g_hash_table_lookup (self->entries, lookup->key);
  g_assert (entry != NULL && entry->expires_us == 0);
  waiters = g_steal_pointer (&entry->waiters);
  for (GList *l = waiters; l != NULL; l = l->next)
    {
      Waiter *waiter = l->data;
      gboolean answered = waiter->done;  /* cancelled: answered already */

      waiter->done = TRUE;
      if (answered)
        {
          waiter_free (waiter);
          l->data = NULL;
        }
    }
  if (addresses != NULL)
    {
      entry->addresses = g_list_copy_deep (addresses, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
      entry->expires_us = g_get_monotonic_time () + (gint64) MS_DNS_CACHE_TTL_S * G_USEC_PER_SEC;
    }
  g_mutex_unlock (&self->lock);

  /* outside the lock: a callback may ask again */
  for (GList *l = waiters; l != NULL; l = l->next)
    {
      Waiter *waiter = l->data;

      if (waiter == NULL)
        continue;
      if (error != NULL)
        g_task_return_error (waiter->task, g_error_copy (error));
      else
        return_addresses (waiter->task, addresses, waiter->family);
      waiter_free (waiter);
    }
  g_list_free (waiters);
  g_resolver_free_addresses (addresses);

  if (error != NULL)
    {
      /* failures are not kept: the next caller asks again */
      g_mutex_lock (&self->lock);
      g_hash_table_remove (self->entries, lookup->key);
      g_mutex_unlock (&self->lock);
      g_error_free (error);
    }
  g_object_unref (lookup->self);
  g_free (lookup->key);
  g_free (lookup);
}

/* The entry that answers @host with @flags: a fresh or pending one for exactly these
 * flags, else one for both families (to be filtered); NULL if none. Under the lock. */
static Entry *
find_entry (MsDnsCache              *self,
            const char              *host,
            GResolverNameLookupFlags flags)
{
  GResolverNameLookupFlags tries[] = { flags, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT };
  gint64 now = g_get_monotonic_time ();

  for (gsize i = 0; i < G_N_ELEMENTS (tries); i++)
    {
      g_autofree char *key = entry_key (host, tries[i]);
      Entry *entry = g_hash_table_lookup (self->entries, key);

      if (entry != NULL && entry->expires_us != 0 && entry->expires_us <= now)
        {
          g_hash_table_remove (self->entries, key);
          entry = NULL;
        }
      if (entry != NULL)
        return entry;
      if (flags == G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT)
        break;
    }
  return NULL;
}

static void
ms_dns_cache_lookup_by_name_with_flags_async (GResolver               *resolver,
                                              const char              *hostname,
                                              GResolverNameLookupFlags flags,
                                              GCancellable            *cancellable,
                                              GAsyncReadyCallback      callback,
                                              gpointer                 user_data)
{
  MsDnsCache *self = MS_DNS_CACHE (resolver);
  Waiter *waiter = g_new0 (Waiter, 1);
  Lookup *lookup = NULL;
  Entry *entry;

  waiter->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (waiter->task, ms_dns_cache_lookup_by_name_with_flags_async);
  waiter->family = flags_family (flags);

  g_mutex_lock (&self->lock);
  entry = find_entry (self, hostname, flags);
  if (entry != NULL && entry->expires_us != 0)
    {
      /* a task returned in the iteration that made it completes later: no callback
       * runs under the lock */
      return_addresses (waiter->task, entry->addresses, waiter->family);
      g_mutex_unlock (&self->lock);
      g_debug ("%s: known", hostname);
      waiter_free (waiter);
      return;
    }
  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      entry->key = entry_key (hostname, flags);
      g_hash_table_insert (self->entries, entry->key, entry);
      lookup = g_new0 (Lookup, 1);
      lookup->self = g_object_ref (self);
      lookup->key = g_strdup (entry->key);
    }
  else
    g_debug ("%s: joining a lookup under way", hostname);
  if (cancellable != NULL)
    {
      waiter->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancelled, G_SOURCE_FUNC (on_waiter_cancelled), waiter, NULL);
      g_source_attach (waiter->cancelled, g_task_get_context (waiter->task));
    }
  entry->waiters = g_list_append (entry->waiters, waiter);
  g_mutex_unlock (&self->lock);

  /* shared: no caller's cancellable stops it */
  if (lookup != NULL)
    g_resolver_lookup_by_name_with_flags_async (self->inner, hostname, flags, NULL,
                                                on_inner_lookup, lookup);
}

static GList *
ms_dns_cache_lookup_by_name_with_flags_finish (GResolver    *resolver,
                                               GAsyncResult *result,
                                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, resolver), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ms_dns_cache_lookup_by_name_async (GResolver          *resolver,
                                   const char         *hostname,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  ms_dns_cache_lookup_by_name_with_flags_async (resolver, hostname,
                                                G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                                cancellable, callback, user_data);
}

/* --- the rest goes to the inner resolver as it is --- */

#define INNER(self) G_RESOLVER_GET_CLASS (MS_DNS_CACHE (self)->inner)

static GList *
ms_dns_cache_lookup_by_name_with_flags (GResolver               *resolver,
                                        const char              *hostname,
                                        GResolverNameLookupFlags flags,
                                        GCancellable            *cancellable,
                                        GError                 **error)
{
  return INNER (resolver)->lookup_by_name_with_flags (MS_DNS_CACHE (resolver)->inner, hostname,
                                                      flags, cancellable, error);
}

static GList *
ms_dns_cache_lookup_by_name (GResolver    *resolver,
                             const char   *hostname,
                             GCancellable *cancellable,
                             GError      **error)
{
  return INNER (resolver)->lookup_by_name (MS_DNS_CACHE (resolver)->inner, hostname,
                                           cancellable, error);
}

static char *
ms_dns_cache_lookup_by_address (GResolver    *resolver,
                                GInetAddress *address,
                                GCancellable *cancellable,
                                GError      **error)
{
  return INNER (resolver)->lookup_by_address (MS_DNS_CACHE (resolver)->inner, address,
                                              cancellable, error);
}

static void
ms_dns_cache_lookup_by_address_async (GResolver          *resolver,
                                      GInetAddress       *address,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  INNER (resolver)->lookup_by_address_async (MS_DNS_CACHE (resolver)->inner, address,
                                             cancellable, callback, user_data);
}

static char *
ms_dns_cache_lookup_by_address_finish (GResolver    *resolver,
                                       GAsyncResult *result,
                                       GError      **error)
{
  return INNER (resolver)->lookup_by_address_finish (MS_DNS_CACHE (resolver)->inner, result, error);
}

static GList *
ms_dns_cache_lookup_service (GResolver    *resolver,
                             const char   *rrname,
                             GCancellable *cancellable,
                             GError      **error)
{
  return INNER (resolver)->lookup_service (MS_DNS_CACHE (resolver)->inner, rrname,
                                           cancellable, error);
}

static void
ms_dns_cache_lookup_service_async (GResolver          *resolver,
                                   const char         *rrname,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  INNER (resolver)->lookup_service_async (MS_DNS_CACHE (resolver)->inner, rrname,
                                          cancellable, callback, user_data);
}

static GList *
ms_dns_cache_lookup_service_finish (GResolver    *resolver,
                                    GAsyncResult *result,
                                    GError      **error)
{
  return INNER (resolver)->lookup_service_finish (MS_DNS_CACHE (resolver)->inner, result, error);
}

static GList *
ms_dns_cache_lookup_records (GResolver          *resolver,
                             const char         *rrname,
                             GResolverRecordType record_type,
                             GCancellable       *cancellable,
                             GError            **error)
{
  return INNER (resolver)->lookup_records (MS_DNS_CACHE (resolver)->inner, rrname, record_type,
                                           cancellable, error);
}

static void
ms_dns_cache_lookup_records_async (GResolver          *resolver,
                                   const char         *rrname,
                                   GResolverRecordType record_type,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  INNER (resolver)->lookup_records_async (MS_DNS_CACHE (resolver)->inner, rrname, record_type,
                                          cancellable, callback, user_data);
}

static GList *
ms_dns_cache_lookup_records_finish (GResolver    *resolver,
                                    GAsyncResult *result,
                                    GError      **error)
{
  return INNER (resolver)->lookup_records_finish (MS_DNS_CACHE (resolver)->inner, result, error);
}

static void
ms_dns_cache_finalize (GObject *object)
{
  MsDnsCache *self = MS_DNS_CACHE (object);

  g_clear_object (&self->inner);
  g_hash_table_unref (self->entries);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ms_dns_cache_parent_class)->finalize (object);
}

static void
ms_dns_cache_class_init (MsDnsCacheClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ms_dns_cache_finalize;
  resolver_class->lookup_by_name = ms_dns_cache_lookup_by_name;
  resolver_class->lookup_by_name_async = ms_dns_cache_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = ms_dns_cache_lookup_by_name_with_flags_finish;
  resolver_class->lookup_by_name_with_flags = ms_dns_cache_lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = ms_dns_cache_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = ms_dns_cache_lookup_by_name_with_flags_finish;
  resolver_class->lookup_by_address = ms_dns_cache_lookup_by_address;
  resolver_class->lookup_by_address_async = ms_dns_cache_lookup_by_address_async;
  resolver_class->lookup_by_address_finish = ms_dns_cache_lookup_by_address_finish;
  resolver_class->lookup_service = ms_dns_cache_lookup_service;
  resolver_class->lookup_service_async = ms_dns_cache_lookup_service_async;
  resolver_class->lookup_service_finish = ms_dns_cache_lookup_service_finish;
  resolver_class->lookup_records = ms_dns_cache_lookup_records;
  resolver_class->lookup_records_async = ms_dns_cache_lookup_records_async;
  resolver_class->lookup_records_finish = ms_dns_cache_lookup_records_finish;
}

static void
ms_dns_cache_init (MsDnsCache *self)
{
  g_mutex_init (&self->lock);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
}

GResolver *
ms_dns_cache_new (GResolver *inner)
{
  MsDnsCache *self;

  g_return_val_if_fail (G_IS_RESOLVER (inner), NULL);

  self = g_object_new (MS_TYPE_DNS_CACHE, NULL);
  self->inner = g_object_ref (inner);
  return G_RESOLVER (self);
}

void
ms_dns_cache_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      g_autoptr(GResolver) inner = g_resolver_get_default ();
      g_autoptr(GResolver) cache = ms_dns_cache_new (inner);

      g_resolver_set_default (cache);
      g_once_init_leave (&installed, 1);
    }
}

gboolean
ms_dns_cache_has (GResolver  *resolver,
                  const char *host)
{
  MsDnsCache *self;
  gboolean has;

  if (!MS_IS_DNS_CACHE (resolver) || host == NULL)
    return FALSE;
  self = MS_DNS_CACHE (resolver);
  g_mutex_lock (&self->lock);
  has = find_entry (self, host, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT) != NULL;
  g_mutex_unlock (&self->lock);
  return has;
}

static void
on_prefetched (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_resolver_free_addresses (g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, NULL));
}

void
ms_dns_cache_prefetch (const char *host)
{
  g_autoptr(GResolver) resolver = NULL;

  g_return_if_fail (host != NULL);

  ms_dns_cache_install ();
  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (resolver, host, NULL, on_prefetched, NULL);
}
