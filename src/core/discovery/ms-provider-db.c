/* ms-provider-db.c: the built-in provider table (clientConfig files in a GResource)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-provider-db"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ms-provider-db.h"

/* From the GResource compiled out of data/providers/providers.gresource.xml. Calling it
 * also makes sure the linker keeps the resource (and its registering constructor) when
 * the engine is linked as a static library. */
GResource *ms_providers_get_resource (void);

typedef struct {
  char *suffix;
  MsClientConfig *config;  /* borrowed from configs */
} SuffixEntry;

struct _MsProviderDb {
  GObject parent_instance;

  GPtrArray *configs;      /* MsClientConfig */
  GHashTable *exact;       /* domain → MsClientConfig (borrowed) */
  GArray *suffixes;        /* SuffixEntry */
  GArray *mx_hosts;        /* SuffixEntry: <domain purpose="mx">, matched against MX hosts */
  GPtrArray *warnings;     /* char*, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (MsProviderDb, ms_provider_db, G_TYPE_OBJECT)

static void
suffix_entry_clear (gpointer data)
{
  SuffixEntry *entry = data;

  g_free (entry->suffix);
}

static void
ms_provider_db_finalize (GObject *object)
{
  MsProviderDb *self = MS_PROVIDER_DB (object);

  g_hash_table_unref (self->exact);
  g_array_unref (self->suffixes);
  g_array_unref (self->mx_hosts);
  g_ptr_array_unref (self->configs);
  g_ptr_array_unref (self->warnings);

  G_OBJECT_CLASS (ms_provider_db_parent_class)->finalize (object);
}

static void
ms_provider_db_class_init (MsProviderDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_provider_db_finalize;
}

static void
ms_provider_db_init (MsProviderDb *self)
{
  self->configs = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_client_config_unref);
  self->exact = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->suffixes = g_array_new (FALSE, TRUE, sizeof (SuffixEntry));
  g_array_set_clear_func (self->suffixes, suffix_entry_clear);
  self->mx_hosts = g_array_new (FALSE, TRUE, sizeof (SuffixEntry));
  g_array_set_clear_func (self->mx_hosts, suffix_entry_clear);
  self->warnings = g_ptr_array_new_null_terminated (4, g_free, TRUE);
}

MsProviderDb *
ms_provider_db_new (void)
{
  return g_object_new (MS_TYPE_PROVIDER_DB, NULL);
}

static const char *
config_name (MsClientConfig *config)
{
  return ms_client_config_get_provider_id (config);
}

static void
add_suffixes (MsProviderDb       *self,
              GArray             *table,
              MsClientConfig     *config,
              const char * const *domains,
              const char         *what)
{
  for (guint i = 0; domains[i] != NULL; i++)
    {
      SuffixEntry entry = { g_strdup (domains[i]), config };
      gboolean taken = FALSE;

      for (guint j = 0; j < table->len; j++)
        {
          SuffixEntry *other = &g_array_index (table, SuffixEntry, j);

          if (g_str_equal (other->suffix, domains[i]))
            {
              g_ptr_array_add (self->warnings,
                               g_strdup_printf ("%s: the %s %s is already claimed by %s; ignored",
                                                config_name (config), what, domains[i],
                                                config_name (other->config)));
              taken = TRUE;
              break;
            }
        }
      if (taken)
        g_free (entry.suffix);
      else
        g_array_append_val (table, entry);
    }
}

/* The entry of @table covering @name (itself or a subdomain), the longest one; or NULL. */
static MsClientConfig *
longest_suffix (GArray     *table,
                const char *name)
{
  MsClientConfig *config = NULL;
  gsize best_len = 0;

  for (guint i = 0; i < table->len; i++)
    {
      SuffixEntry *entry = &g_array_index (table, SuffixEntry, i);
      gsize len = strlen (entry->suffix);

      if (len > best_len && ms_hostname_is_under (name, entry->suffix))
        {
          config = entry->config;
          best_len = len;
        }
    }
  return config;
}

void
ms_provider_db_add_config (MsProviderDb   *self,
                           MsClientConfig *config)
{
  const char * const *domains;

  g_return_if_fail (MS_IS_PROVIDER_DB (self));
  g_return_if_fail (config != NULL);

  g_ptr_array_add (self->configs, ms_client_config_ref (config));

  domains = ms_client_config_get_domains (config);
  for (guint i = 0; domains[i] != NULL; i++)
    {
      MsClientConfig *other = g_hash_table_lookup (self->exact, domains[i]);

      if (other != NULL)
        {
          g_ptr_array_add (self->warnings,
                           g_strdup_printf ("%s: the domain %s is already claimed by %s; ignored",
                                            config_name (config), domains[i], config_name (other)));
          continue;
        }
      g_hash_table_insert (self->exact, g_strdup (domains[i]), config);
    }

  add_suffixes (self, self->suffixes, config, ms_client_config_get_suffix_domains (config),
                "domain suffix");
  add_suffixes (self, self->mx_hosts, config, ms_client_config_get_mx_domains (config),
                "mail exchanger");
}

gboolean
ms_provider_db_add_data (MsProviderDb *self,
                         const char   *name,
                         const char   *data,
                         gsize         len,
                         GError      **error)
{
  g_autoptr(MsClientConfig) config = NULL;
  g_autoptr(GError) local_error = NULL;
  const char * const *warnings;

  g_return_val_if_fail (MS_IS_PROVIDER_DB (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  config = ms_client_config_parse (data, len, NULL, &local_error);
  if (config == NULL)
    {
      g_ptr_array_add (self->warnings, g_strdup_printf ("%s: %s", name, local_error->message));
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", name);
      return FALSE;
    }

  warnings = ms_client_config_get_warnings (config);
  for (guint i = 0; warnings[i] != NULL; i++)
    g_ptr_array_add (self->warnings, g_strdup_printf ("%s: %s", name, warnings[i]));

  ms_provider_db_add_config (self, config);
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

MsProviderDb *
ms_provider_db_new_from_resource (const char *resource_path,
                                  GError    **error)
{
  g_autoptr(MsProviderDb) self = NULL;
  g_auto(GStrv) children = NULL;

  g_return_val_if_fail (resource_path != NULL, NULL);

  children = g_resources_enumerate_children (resource_path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (children == NULL)
    return NULL;

  /* A fixed order, so that a domain claimed twice always goes to the same file. */
  qsort (children, g_strv_length (children), sizeof (char *), compare_names);

  self = ms_provider_db_new ();
  for (guint i = 0; children[i] != NULL; i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;
      gsize size = 0;
      const char *data;

      if (!g_str_has_suffix (children[i], ".xml"))
        continue;

      path = g_strconcat (resource_path, children[i], NULL);
      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
      if (bytes == NULL)
        {
          g_ptr_array_add (self->warnings, g_strdup_printf ("%s: %s", children[i], local_error->message));
          continue;
        }

      data = g_bytes_get_data (bytes, &size);
      if (!ms_provider_db_add_data (self, children[i], data, size, &local_error))
        g_debug ("Built-in provider file left out: %s", local_error->message);
    }

  return g_steal_pointer (&self);
}

MsProviderDb *
ms_provider_db_get_default (void)
{
  static MsProviderDb *default_db;

  if (g_once_init_enter (&default_db))
    {
      g_autoptr(GError) error = NULL;
      MsProviderDb *db;

      /* Keeps the compiled-in resource linked; its constructor registers it. */
      (void) ms_providers_get_resource ();

      db = ms_provider_db_new_from_resource (MS_PROVIDER_DB_RESOURCE_PATH, &error);
      if (db == NULL)
        {
          g_warning ("The built-in provider table could not be read: %s", error->message);
          db = ms_provider_db_new ();
        }
      g_once_init_leave (&default_db, db);
    }

  return default_db;
}

guint
ms_provider_db_get_n_providers (MsProviderDb *self)
{
  g_return_val_if_fail (MS_IS_PROVIDER_DB (self), 0);

  return self->configs->len;
}

MsClientConfig *
ms_provider_db_get_config (MsProviderDb *self,
                           guint         index)
{
  g_return_val_if_fail (MS_IS_PROVIDER_DB (self), NULL);
  g_return_val_if_fail (index < self->configs->len, NULL);

  return g_ptr_array_index (self->configs, index);
}

const char * const *
ms_provider_db_get_warnings (MsProviderDb *self)
{
  g_return_val_if_fail (MS_IS_PROVIDER_DB (self), NULL);

  return (const char * const *) self->warnings->pdata;
}

MsClientConfig *
ms_provider_db_lookup_domain (MsProviderDb *self,
                              const char   *domain)
{
  MsClientConfig *config;

  g_return_val_if_fail (MS_IS_PROVIDER_DB (self), NULL);

  if (domain == NULL)
    return NULL;

  config = g_hash_table_lookup (self->exact, domain);
  if (config != NULL)
    return config;
  return longest_suffix (self->suffixes, domain);
}

MsClientConfig *
ms_provider_db_lookup_mx_host (MsProviderDb *self,
                               const char   *mx_host)
{
  g_return_val_if_fail (MS_IS_PROVIDER_DB (self), NULL);

  if (mx_host == NULL)
    return NULL;
  return longest_suffix (self->mx_hosts, mx_host);
}

MsClientConfig *
ms_provider_db_find_by_id (MsProviderDb *self,
                           const char   *provider_id)
{
  g_return_val_if_fail (MS_IS_PROVIDER_DB (self), NULL);

  for (guint i = 0; i < self->configs->len; i++)
    {
      MsClientConfig *config = g_ptr_array_index (self->configs, i);

      if (g_strcmp0 (ms_client_config_get_provider_id (config), provider_id) == 0)
        return config;
    }
  return NULL;
}

MsAccount *
ms_provider_db_lookup (MsProviderDb *self,
                       MsAddress    *address)
{
  MsClientConfig *config;
  g_autofree char *provenance = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  MsAccount *account;

  g_return_val_if_fail (MS_IS_PROVIDER_DB (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  config = ms_provider_db_lookup_domain (self, ms_address_get_domain (address));
  if (config == NULL)
    return NULL;

  provenance = g_strconcat ("builtin:", ms_client_config_get_provider_id (config), NULL);
  warnings = g_ptr_array_new_with_free_func (g_free);
  account = ms_client_config_to_account (config, address, MS_SOURCE_BUILTIN, provenance, warnings);
  for (guint i = 0; i < warnings->len; i++)
    g_debug ("%s", (const char *) g_ptr_array_index (warnings, i));

  /* Every server may have been dropped (a placeholder made a host name invalid). */
  if (ms_account_get_incoming (account)->len == 0 || ms_account_get_outgoing (account)->len == 0)
    {
      g_object_unref (account);
      return NULL;
    }

  return account;
}
