/* ms-export-evolution.c: an account as Evolution (evolution-data-server) sources
 *
 * The export itself: the three linked key files built by ms-evolution-sources.c
 * (account → identity → transport) are created through the running source registry's
 * D-Bus CreateSources (or updated through its Source.Writable.Write), or written into its
 * sources folder, where the registry's folder monitor (or its next start) picks them up.
 * The passwords go to the login keyring under EDS's own schema, one item per source that
 * logs in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-evolution"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ms-atomic-file.h"
#include "ms-export-evolution.h"
#include "ms-sandbox.h"
#include "ms-secret.h"
#include "ms-user-file.h"

#define SOURCE_MANAGER_PATH MS_EVOLUTION_SOURCE_MANAGER_PATH
#define SOURCE_MANAGER_IFACE "org.gnome.evolution.dataserver.SourceManager"
#define SOURCE_IFACE "org.gnome.evolution.dataserver.Source"
#define SOURCE_WRITABLE_IFACE MS_EVOLUTION_SOURCE_WRITABLE_IFACE
#define REGISTRY_NAME "org.gnome.evolution.dataserver.Sources5"
#define FLATPAK_PREFIX "org.gnome.Evolution."
#define FLATPAK_APP_ID "org.gnome.Evolution"
#define CREATE_TIMEOUT_MS 30000

const char *
ms_evolution_target_to_string (MsEvolutionTarget target)
{
  switch (target)
    {
    case MS_EVOLUTION_TARGET_NATIVE:
      return "native";
    case MS_EVOLUTION_TARGET_FLATPAK:
      return "flatpak";
    default:
      return NULL;
    }
}

char *
ms_evolution_get_sources_dir (MsEvolutionTarget target)
{
  switch (target)
    {
    case MS_EVOLUTION_TARGET_FLATPAK:
      return g_build_filename (g_get_home_dir (), ".var", "app", FLATPAK_APP_ID, "config",
                               "evolution", "sources", NULL);
    case MS_EVOLUTION_TARGET_NATIVE:
    default:
      {
        /* Inside our own Flatpak, XDG_CONFIG_HOME is the sandbox's, not Evolution's. */
        g_autofree char *config = ms_sandbox_get_host_config_dir ();
        return g_build_filename (config, "evolution", "sources", NULL);
      }
    }
}

const char *
ms_evolution_get_registry_bus_name (MsEvolutionTarget target)
{
  return target == MS_EVOLUTION_TARGET_FLATPAK ? FLATPAK_PREFIX REGISTRY_NAME : REGISTRY_NAME;
}

const char *
ms_evolution_get_keyring_origin (MsEvolutionTarget target)
{
  return target == MS_EVOLUTION_TARGET_FLATPAK ? MS_SECRET_EDS_ORIGIN_FLATPAK
                                               : MS_SECRET_EDS_ORIGIN_NATIVE;
}

/* TRUE when @dir holds at least one "*.source" file. */
static gboolean
dir_has_sources (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.' && g_str_has_suffix (name, ".source"))
      return TRUE;
  return FALSE;
}

gboolean
ms_evolution_target_is_present (MsEvolutionTarget target)
{
  g_autofree char *sources = ms_evolution_get_sources_dir (target);

  if (target == MS_EVOLUTION_TARGET_NATIVE && ms_sandbox_is_flatpak ())
    /* In our Flatpak the host's evolution program is out of sight, and an empty folder
     * (older manifests' ":create" left one on every host) proves nothing: only a folder
     * the registry has used (it keeps system-proxy.source there) counts. */
    return dir_has_sources (sources);
  if (g_file_test (sources, G_FILE_TEST_IS_DIR))
    return TRUE;
  if (target == MS_EVOLUTION_TARGET_FLATPAK)
    {
      g_autofree char *host_data = ms_sandbox_get_host_data_dir ();
      g_autofree char *user = g_build_filename (host_data, "flatpak", "app",
                                                FLATPAK_APP_ID, NULL);
      g_autofree char *data = g_build_filename (g_get_home_dir (), ".var", "app",
                                                FLATPAK_APP_ID, NULL);

      return g_file_test ("/var/lib/flatpak/app/" FLATPAK_APP_ID, G_FILE_TEST_IS_DIR) ||
             g_file_test (user, G_FILE_TEST_IS_DIR) || g_file_test (data, G_FILE_TEST_IS_DIR);
    }
  {
    g_autofree char *program = g_find_program_in_path ("evolution");
    return program != NULL;
  }
}

MsEvolutionTarget
ms_evolution_detect_target (void)
{
  if (ms_evolution_target_is_present (MS_EVOLUTION_TARGET_NATIVE))
    return MS_EVOLUTION_TARGET_NATIVE;
  if (ms_evolution_target_is_present (MS_EVOLUTION_TARGET_FLATPAK))
    return MS_EVOLUTION_TARGET_FLATPAK;
  return MS_EVOLUTION_TARGET_NATIVE;
}

void
ms_evolution_result_free (MsEvolutionResult *result)
{
  if (result == NULL)
    return;
  g_free (result->account_uid);
  g_free (result->identity_uid);
  g_free (result->transport_uid);
  g_free (result->sources_dir);
  g_clear_pointer (&result->files, g_ptr_array_unref);
  g_clear_pointer (&result->secrets, g_ptr_array_unref);
  g_clear_pointer (&result->trusted_certificates, g_ptr_array_unref);
  g_free (result->trust_problem);
  g_free (result);
}

/* ------------------------------------------------------------------------------------ */

typedef struct {
  MsEvolutionTarget target;
  MsEvolutionSources *sources;
  SecretValue *password;     /* nullable */
  MsEvolutionResult *result;
  char *address;
  GDBusConnection *bus;
  MsAccount *account;
  char *full_name;           /* nullable */
  GPtrArray *writes;         /* registry: (object path, data) pairs of sources to update */
  GVariant *creates;         /* registry: a{ss} of the sources to create, or NULL */
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *d = data;

  ms_evolution_sources_free (d->sources);
  g_clear_pointer (&d->password, secret_value_unref);
  ms_evolution_result_free (d->result);
  g_free (d->address);
  g_clear_object (&d->bus);
  g_clear_object (&d->account);
  g_free (d->full_name);
  g_clear_pointer (&d->writes, g_ptr_array_unref);
  g_clear_pointer (&d->creates, g_variant_unref);
  g_free (d);
}

/* The sources to write from now on: new ones, or the existing account's merged. */
static void
set_sources (ExportData         *d,
             MsEvolutionSources *sources)
{
  ms_evolution_sources_free (d->sources);
  d->sources = sources;
  g_free (d->result->account_uid);
  g_free (d->result->identity_uid);
  g_free (d->result->transport_uid);
  d->result->account_uid = g_strdup (sources->account_uid);
  d->result->identity_uid = g_strdup (sources->identity_uid);
  d->result->transport_uid = g_strdup (sources->transport_uid);
  d->result->updated = sources->updated;
}

static void store_next_secret (GTask *task);

static void
on_secret_stored (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *d = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ms_secret_store_eds_finish (result, &error))
    {
      if (d->result->updated)
        g_prefix_error (&error, _("The account was updated in Evolution, but its password "
                                  "was not saved: "));
      else
        g_prefix_error (&error, _("The account was added to Evolution, but its password was "
                                  "not saved (Evolution will ask for it): "));
      g_task_return_error (task, error);
      return;
    }
  store_next_secret (g_steal_pointer (&task));
}

static void
store_next_secret (GTask *task)
{
  ExportData *d = g_task_get_task_data (task);
  MsEvolutionSources *s = d->sources;
  const char *origin = ms_evolution_get_keyring_origin (d->target);
  const char *uid = NULL;
  g_autofree char *label = NULL;

  if (d->password != NULL)
    {
      gboolean account_done = FALSE;
      gboolean transport_done = FALSE;

      for (guint i = 0; i < d->result->secrets->len; i++)
        {
          const char *done = g_ptr_array_index (d->result->secrets, i);
          account_done |= g_strcmp0 (done, s->account_uid) == 0;
          transport_done |= g_strcmp0 (done, s->transport_uid) == 0;
        }
      if (s->account_needs_password && !account_done)
        {
          uid = s->account_uid;
          label = ms_secret_eds_label (d->address, "Mail Account", s->account_backend, NULL);
        }
      else if (s->transport_needs_password && !transport_done)
        {
          uid = s->transport_uid;
          label = ms_secret_eds_label (d->address, "Mail Transport", "smtp", s->account_uid);
        }
    }

  if (uid == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&d->result),
                             (GDestroyNotify) ms_evolution_result_free);
      g_object_unref (task);
      return;
    }

  /* Counted as stored once the keyring answers; pushed first so the next round skips it.
   * An item with the same attributes (an update) is replaced, not doubled. */
  g_ptr_array_add (d->result->secrets, g_strdup (uid));
  ms_secret_store_eds_async (uid, origin, label, secret_value_get_text (d->password),
                             MS_SECRET_FLAGS_NONE, g_task_get_cancellable (task),
                             on_secret_stored, task);
}

/* Returns FALSE (and returns the error on @task) when the registry call failed. */
static gboolean
registry_call_ok (GTask        *task,
                  GObject      *source,
                  GAsyncResult *result)
{
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply != NULL)
    return TRUE;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_dbus_error_strip_remote_error (error);
      g_task_return_new_error (task, MS_EVOLUTION_ERROR, MS_EVOLUTION_ERROR_REGISTRY,
                               /* TRANSLATORS: %s is Evolution's own explanation */
                               _("Evolution’s account registry refused the account: %s"),
                               error->message);
      g_error_free (error);
    }
  else
    g_task_return_error (task, error);
  return FALSE;
}

static void next_registry_call (GTask *task);

static void
on_registry_call_done (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  if (registry_call_ok (task, source, result))
    next_registry_call (g_steal_pointer (&task));
}

/* The registry's calls one after the other: the updates (Source.Writable.Write on each
 * existing source), then one CreateSources for the new ones; then the keyring. */
static void
next_registry_call (GTask *task)
{
  ExportData *d = g_task_get_task_data (task);
  const char *bus_name = ms_evolution_get_registry_bus_name (d->target);

  if (d->writes != NULL && d->writes->len > 0)
    {
      g_autofree char *path = g_ptr_array_steal_index (d->writes, 0);
      g_autofree char *data = g_ptr_array_steal_index (d->writes, 0);

      g_debug ("updating %s through %s", path, bus_name);
      g_dbus_connection_call (d->bus, bus_name, path, SOURCE_WRITABLE_IFACE, "Write",
                              g_variant_new ("(s)", data), NULL,
                              G_DBUS_CALL_FLAGS_NO_AUTO_START, CREATE_TIMEOUT_MS,
                              g_task_get_cancellable (task), on_registry_call_done, task);
      return;
    }
  if (d->creates != NULL)
    {
      GVariant *creates = g_steal_pointer (&d->creates);

      g_debug ("creating the sources through %s", bus_name);
      g_dbus_connection_call (d->bus, bus_name, SOURCE_MANAGER_PATH, SOURCE_MANAGER_IFACE,
                              "CreateSources", g_variant_new_tuple (&creates, 1), NULL,
                              G_DBUS_CALL_FLAGS_NO_AUTO_START, CREATE_TIMEOUT_MS,
                              g_task_get_cancellable (task), on_registry_call_done, task);
      return;
    }
  d->result->via_registry = TRUE;
  store_next_secret (task);
}

static void
on_managed_objects (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *d = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GHashTable) existing = NULL;
  g_autoptr(GHashTable) writable = NULL;
  MsEvolutionSources *s;
  GVariantBuilder creates;
  GError *error = NULL;
  gboolean any_created = FALSE;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }
      /* An old registry without the object manager: then only new sources. */
      g_debug ("the registry did not list its sources: %s", error->message);
      g_clear_error (&error);
    }

  /* UID → data of every source, and UID → object path of the writable ones. */
  if (reply != NULL)
    existing = ms_evolution_sources_from_objects (reply, &writable);
  else
    {
      existing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      writable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }

  s = ms_evolution_sources_new_merged (d->account, d->full_name, existing, &error);
  if (s == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  set_sources (d, s);

  {
    const char *uids[] = { s->account_uid, s->identity_uid, s->transport_uid };
    const char *datas[] = { s->account_data, s->identity_data, s->transport_data };
    gboolean exists[] = { s->account_exists, s->identity_exists, s->transport_exists };

    d->writes = g_ptr_array_new_with_free_func (g_free);
    g_variant_builder_init (&creates, G_VARIANT_TYPE ("a{ss}"));
    for (guint i = 0; i < G_N_ELEMENTS (uids); i++)
      {
        const char *object_path = g_hash_table_lookup (writable, uids[i]);

        if (!exists[i])
          {
            g_variant_builder_add (&creates, "{ss}", uids[i], datas[i]);
            any_created = TRUE;
          }
        else if (object_path != NULL)
          {
            g_ptr_array_add (d->writes, g_strdup (object_path));
            g_ptr_array_add (d->writes, g_strdup (datas[i]));
          }
        else
          {
            g_variant_builder_clear (&creates);
            g_task_return_new_error (task, MS_EVOLUTION_ERROR, MS_EVOLUTION_ERROR_ACCOUNT_EXISTS,
                                     /* TRANSLATORS: %s is an e-mail address */
                                     _("Evolution has %s already, set up by another program "
                                       "that keeps it read-only. Change its settings in "
                                       "Evolution."), d->address);
            return;
          }
      }
    if (any_created)
      d->creates = g_variant_ref_sink (g_variant_builder_end (&creates));
    else
      g_variant_builder_clear (&creates);
  }
  next_registry_call (g_steal_pointer (&task));
}

/* The registry runs: look at its sources first (the same account may be there). */
static void
through_registry (GTask *task)
{
  ExportData *d = g_task_get_task_data (task);

  g_dbus_connection_call (d->bus, ms_evolution_get_registry_bus_name (d->target),
                          SOURCE_MANAGER_PATH, "org.freedesktop.DBus.ObjectManager",
                          "GetManagedObjects", NULL, G_VARIANT_TYPE ("(a{oa{sa{sv}}})"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, CREATE_TIMEOUT_MS,
                          g_task_get_cancellable (task), on_managed_objects, task);
}

GHashTable *
ms_evolution_sources_from_objects (GVariant    *reply,
                                   GHashTable **writable)
{
  GHashTable *sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GVariant) objects = g_variant_get_child_value (reply, 0);
  GVariantIter iter;
  const char *path;
  GVariant *interfaces;

  if (writable != NULL)
    *writable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_variant_iter_init (&iter, objects);
  while (g_variant_iter_next (&iter, "{&o@a{sa{sv}}}", &path, &interfaces))
    {
      g_autoptr(GVariant) props = g_variant_lookup_value (interfaces, SOURCE_IFACE,
                                                          G_VARIANT_TYPE_VARDICT);
      g_autoptr(GVariant) w = g_variant_lookup_value (interfaces, SOURCE_WRITABLE_IFACE, NULL);
      const char *uid = NULL;
      const char *data = NULL;

      if (props != NULL && g_variant_lookup (props, "UID", "&s", &uid) &&
          g_variant_lookup (props, "Data", "&s", &data))
        {
          g_hash_table_replace (sources, g_strdup (uid), g_strdup (data));
          if (writable != NULL && w != NULL)
            g_hash_table_replace (*writable, g_strdup (uid), g_strdup (path));
        }
      g_variant_unref (interfaces);
    }
  return sources;
}

GHashTable *
ms_evolution_load_sources_dir (const char  *dir,
                               gboolean     strict,
                               GError     **error)
{
  GHashTable *existing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GError) local_error = NULL;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      char *data = NULL;

      /* The registry's own rules: dot files are ignored, the name is "<uid>.source". */
      if (name[0] == '.' || !g_str_has_suffix (name, ".source"))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (ms_user_file_read (path, MS_USER_FILE_EVOLUTION_SOURCE, &data, NULL, &local_error))
        g_hash_table_replace (existing, g_strndup (name, strlen (name) - strlen (".source")),
                              data);
      else if (strict && local_error->domain == MS_USER_FILE_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          g_hash_table_unref (existing);
          return NULL;
        }
      g_clear_error (&local_error);
    }
  return existing;
}

static void
write_files_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ExportData *d = task_data;
  g_autoptr(GHashTable) existing = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  MsEvolutionSources *s;
  GError *error = NULL;

  if (!ms_sandbox_check_writable (d->result->sources_dir, &error) ||
      !ms_atomic_file_mkdir (d->result->sources_dir, 0700, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The same account there already: update it in place. */
  existing = ms_evolution_load_sources_dir (d->result->sources_dir, TRUE, &error);
  if (existing == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  s = ms_evolution_sources_new_merged (d->account, d->full_name, existing, &error);
  if (s == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  set_sources (d, s);

  {
    const char *uids[] = { s->account_uid, s->identity_uid, s->transport_uid };
    const char *datas[] = { s->account_data, s->identity_data, s->transport_data };

    for (guint i = 0; i < G_N_ELEMENTS (uids); i++)
      {
        g_autofree char *name = g_strconcat (uids[i], ".source", NULL);
        g_autofree char *path = g_build_filename (d->result->sources_dir, name, NULL);

        if (!ms_atomic_file_write (path, datas[i], strlen (datas[i]), 0600, &error))
          {
            /* All three or none: a lone account without its identity confuses Evolution.
             * Files that were there before get their old content back. */
            for (guint j = 0; j < written->len; j++)
              {
                const char *done = g_ptr_array_index (written, j);
                g_autofree char *base = g_path_get_basename (done);
                const char *old = NULL;

                base[strlen (base) - strlen (".source")] = '\0';
                old = g_hash_table_lookup (existing, base);
                if (old != NULL)
                  ms_atomic_file_write (done, old, strlen (old), 0600, NULL);
                else
                  g_unlink (done);
              }
            g_task_return_error (task, error);
            return;
          }
        g_ptr_array_add (written, g_steal_pointer (&path));
      }
  }
  for (guint j = 0; j < written->len; j++)
    g_ptr_array_add (d->result->files, g_strdup (g_ptr_array_index (written, j)));
  g_task_return_boolean (task, TRUE);
}

static void
on_files_written (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;  /* the export task, owned by us */
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  store_next_secret (task);
}

static void
write_files (GTask *task)
{
  ExportData *d = g_task_get_task_data (task);
  g_autoptr(GTask) worker = g_task_new (NULL, g_task_get_cancellable (task),
                                        on_files_written, task);

  g_debug ("writing the sources into %s", d->result->sources_dir);
  g_task_set_source_tag (worker, write_files);
  g_task_set_task_data (worker, d, NULL);
  g_task_run_in_thread (worker, write_files_thread);
}

static void
on_name_has_owner (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  if (owned)
    through_registry (g_steal_pointer (&task));
  else
    write_files (g_steal_pointer (&task));
}

static void
on_bus (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *d = g_task_get_task_data (task);
  GCancellable *cancellable;
  g_autoptr(GError) error = NULL;

  d->bus = g_bus_get_finish (result, &error);
  if (d->bus == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* No session bus, so no registry running: the files will be read at its start. */
      g_debug ("no session bus: %s", error->message);
      write_files (g_steal_pointer (&task));
      return;
    }

  /* Only a registry that runs: starting one here would be pointless, it reads the
   * folder anyway when it starts. */
  cancellable = g_task_get_cancellable (task);
  g_dbus_connection_call (d->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "NameHasOwner",
                          g_variant_new ("(s)", ms_evolution_get_registry_bus_name (d->target)),
                          G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          cancellable, on_name_has_owner, g_steal_pointer (&task));
}

static void
on_keyring_checked (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (!ms_secret_check_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, on_bus, g_steal_pointer (&task));
}

void
ms_export_evolution_async (MsAccount           *account,
                           const char          *full_name,
                           const char          *password,
                           MsEvolutionTarget    target,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *d;
  GError *error = NULL;

  g_return_if_fail (MS_IS_ACCOUNT (account));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_export_evolution_async);
  d = g_new0 (ExportData, 1);
  g_task_set_task_data (task, d, export_data_free);
  d->target = target;
  d->address = g_strdup (ms_address_get_address (ms_account_get_address (account)));
  d->account = ms_account_copy (account);  /* read in a worker thread too */
  d->full_name = g_strdup (full_name);
  if (password != NULL && *password != '\0')
    d->password = secret_value_new (password, -1, "text/plain");

  d->sources = ms_evolution_sources_new (account, full_name, &error);
  if (d->sources == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  d->result = g_new0 (MsEvolutionResult, 1);
  d->result->target = target;
  d->result->account_uid = g_strdup (d->sources->account_uid);
  d->result->identity_uid = g_strdup (d->sources->identity_uid);
  d->result->transport_uid = g_strdup (d->sources->transport_uid);
  d->result->sources_dir = ms_evolution_get_sources_dir (target);
  d->result->files = g_ptr_array_new_with_free_func (g_free);
  d->result->secrets = g_ptr_array_new_with_free_func (g_free);

  if (d->password != NULL &&
      (d->sources->account_needs_password || d->sources->transport_needs_password))
    /* Before anything is written: a missing or locked keyring stops here. */
    ms_secret_check_async (MS_SECRET_FLAGS_ALLOW_UNLOCK, cancellable, on_keyring_checked,
                           g_steal_pointer (&task));
  else
    g_bus_get (G_BUS_TYPE_SESSION, cancellable, on_bus, g_steal_pointer (&task));
}

MsEvolutionResult *
ms_export_evolution_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
