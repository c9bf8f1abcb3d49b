/* ms-secret.c: passwords into the user's keyring (Secret Service, the login collection)
 *
 * The Secret Service API (not libsecret's "simple" password API): inside a Flatpak the
 * simple API falls back to a file private to the app, which the mail clients never see.
 * Here the item goes over D-Bus into the collection behind the "default" alias, where
 * evolution-data-server looks for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-secret"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-secret.h"

G_DEFINE_QUARK (ms-secret-error-quark, ms_secret_error)

static const SecretSchema eds_schema = {
  "org.gnome.Evolution.Data.Source", SECRET_SCHEMA_DONT_MATCH_NAME,
  {
    { "e-source-uid", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "eds-origin", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

const SecretSchema *
ms_secret_get_eds_schema (void)
{
  return &eds_schema;
}

char *
ms_secret_eds_label (const char *display_name,
                     const char *type,
                     const char *backend,
                     const char *parent_uid)
{
  GString *label = g_string_new (NULL);

  g_return_val_if_fail (display_name != NULL, NULL);

  /* The same shape as EDS's own labels, trailing space included. */
  if (type != NULL && backend != NULL && *backend != '\0')
    g_string_append_printf (label, "Evolution Data Source \"%s\" (%s - %s) ",
                            display_name, type, backend);
  else if (type != NULL)
    g_string_append_printf (label, "Evolution Data Source \"%s\" (%s)", display_name, type);
  else
    g_string_append_printf (label, "Evolution Data Source \"%s\"", display_name);

  if (parent_uid != NULL && *parent_uid != '\0')
    g_string_append_printf (label, " of %s", parent_uid);

  return g_string_free (label, FALSE);
}

typedef struct {
  MsSecretFlags flags;
  const SecretSchema *schema;
  GHashTable *attributes;     /* nullable: only a check */
  char *label;
  SecretValue *value;         /* nullable: only a check */
  SecretService *service;
  SecretCollection *collection;
} StoreData;

static void
store_data_free (gpointer data)
{
  StoreData *d = data;

  g_clear_pointer (&d->attributes, g_hash_table_unref);
  g_free (d->label);
  g_clear_pointer (&d->value, secret_value_unref);
  g_clear_object (&d->service);
  g_clear_object (&d->collection);
  g_free (d);
}

static gboolean
return_if_cancelled (GTask  *task,
                     GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return TRUE;
    }
  return FALSE;
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_service_store_finish (SECRET_SERVICE (source), result, &error))
    {
      if (return_if_cancelled (task, error))
        return;
      if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
        g_task_return_new_error (task, MS_SECRET_ERROR, MS_SECRET_ERROR_LOCKED,
                                 _("Your login keyring is locked. Unlock it (for example in "
                                   "“Passwords and Keys”) and try again."));
      else
        /* TRANSLATORS: %s is the keyring service's own explanation */
        g_task_return_new_error (task, MS_SECRET_ERROR, MS_SECRET_ERROR_FAILED,
                                 _("The keyring did not store the password: %s"),
                                 error->message);
      g_error_free (error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
store_or_finish (GTask *task)
{
  StoreData *d = g_task_get_task_data (task);
  const char *path;

  if (d->value == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  path = g_dbus_proxy_get_object_path (G_DBUS_PROXY (d->collection));
  g_debug ("storing an item in %s", path);
  secret_service_store (d->service, d->schema, d->attributes, path, d->label, d->value,
                        g_task_get_cancellable (task), on_stored, task);
}

static void
on_unlocked (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList *unlocked = NULL;
  int n;

  n = secret_service_unlock_finish (SECRET_SERVICE (source), result, &unlocked, &error);
  g_list_free_full (unlocked, g_object_unref);
  if (error != NULL && return_if_cancelled (task, error))
    return;
  g_clear_error (&error);
  if (n <= 0)
    {
      g_task_return_new_error (task, MS_SECRET_ERROR, MS_SECRET_ERROR_LOCKED,
                               _("Your login keyring is locked and was not unlocked. Unlock it "
                                 "and try again."));
      return;
    }
  store_or_finish (g_steal_pointer (&task));
}

static void
on_collection (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StoreData *d = g_task_get_task_data (task);
  GError *error = NULL;

  d->collection = secret_collection_for_alias_finish (result, &error);
  if (error != NULL)
    {
      if (return_if_cancelled (task, error))
        return;
      g_task_return_new_error (task, MS_SECRET_ERROR, MS_SECRET_ERROR_NO_COLLECTION,
                               _("The keyring’s default collection could not be opened: %s"),
                               error->message);
      g_error_free (error);
      return;
    }
  if (d->collection == NULL)
    {
      g_task_return_new_error (task, MS_SECRET_ERROR, MS_SECRET_ERROR_NO_COLLECTION,
                               _("Your keyring has no default (login) collection. Create one "
                                 "in “Passwords and Keys” and try again."));
      return;
    }

  if (secret_collection_get_locked (d->collection))
    {
      if (d->flags & MS_SECRET_FLAGS_ALLOW_UNLOCK)
        {
          g_autoptr(GList) objects = g_list_prepend (NULL, d->collection);
          GCancellable *cancellable = g_task_get_cancellable (task);

          /* (the task is handed over last: argument order is unspecified) */
          secret_service_unlock (d->service, objects, cancellable, on_unlocked,
                                 g_steal_pointer (&task));
          return;
        }
      g_task_return_new_error (task, MS_SECRET_ERROR, MS_SECRET_ERROR_LOCKED,
                               _("Your login keyring is locked. Unlock it (for example in "
                                 "“Passwords and Keys”) and try again."));
      return;
    }

  store_or_finish (g_steal_pointer (&task));
}

static void
on_service (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StoreData *d = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  d->service = secret_service_get_finish (result, &error);
  if (d->service == NULL)
    {
      if (return_if_cancelled (task, error))
        return;
      /* TRANSLATORS: %s is the system's technical reason */
      g_task_return_new_error (task, MS_SECRET_ERROR, MS_SECRET_ERROR_NO_SERVICE,
                               _("No keyring service is running, so the password cannot be "
                                 "saved. Start GNOME Keyring (or another Secret Service) and "
                                 "try again. (%s)"),
                               error->message);
      g_error_free (error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  secret_collection_for_alias (d->service, "default", SECRET_COLLECTION_NONE, cancellable,
                               on_collection, g_steal_pointer (&task));
}

static void
start (GTask    *task,
       StoreData *d)
{
  g_task_set_task_data (task, d, store_data_free);
  secret_service_get (SECRET_SERVICE_OPEN_SESSION, g_task_get_cancellable (task),
                      on_service, task);
}

void
ms_secret_check_async (MsSecretFlags        flags,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  StoreData *d = g_new0 (StoreData, 1);

  g_task_set_source_tag (task, ms_secret_check_async);
  d->flags = flags;
  start (task, d);
}

gboolean
ms_secret_check_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ms_secret_store_async (const SecretSchema  *schema,
                       GHashTable          *attributes,
                       const char          *label,
                       const char          *password,
                       MsSecretFlags        flags,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  StoreData *d;

  g_return_if_fail (schema != NULL);
  g_return_if_fail (attributes != NULL);
  g_return_if_fail (label != NULL);
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_secret_store_async);
  d = g_new0 (StoreData, 1);
  d->flags = flags;
  d->schema = schema;
  /* A copy: the store happens later, after the service and collection are found. */
  d->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, attributes);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_hash_table_insert (d->attributes, g_strdup (key), g_strdup (value));
  }
  d->label = g_strdup (label);
  d->value = secret_value_new (password, -1, "text/plain");
  start (task, d);
}

gboolean
ms_secret_store_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ms_secret_store_eds_async (const char          *source_uid,
                           const char          *origin,
                           const char          *label,
                           const char          *password,
                           MsSecretFlags        flags,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (source_uid != NULL);
  g_return_if_fail (origin != NULL);

  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, (gpointer) "e-source-uid", (gpointer) source_uid);
  g_hash_table_insert (attributes, (gpointer) "eds-origin", (gpointer) origin);
  ms_secret_store_async (&eds_schema, attributes, label, password, flags, cancellable,
                         callback, user_data);
}

gboolean
ms_secret_store_eds_finish (GAsyncResult  *result,
                            GError       **error)
{
  return ms_secret_store_finish (result, error);
}
