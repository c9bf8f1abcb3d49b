/* ms-secret.h: passwords into the user's keyring (Secret Service, the login collection)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define MS_SECRET_ERROR (ms_secret_error_quark ())

/**
 * MsSecretError:
 * @MS_SECRET_ERROR_NO_SERVICE: no Secret Service answers on the session bus (no keyring
 *   daemon, no session bus, or a sandbox without access to org.freedesktop.secrets)
 * @MS_SECRET_ERROR_NO_COLLECTION: the service has no default ("login") keyring
 * @MS_SECRET_ERROR_LOCKED: the default keyring is locked (and unlocking was not allowed
 *   or was refused)
 * @MS_SECRET_ERROR_FAILED: the service refused to store the item
 */
typedef enum {
  MS_SECRET_ERROR_NO_SERVICE,
  MS_SECRET_ERROR_NO_COLLECTION,
  MS_SECRET_ERROR_LOCKED,
  MS_SECRET_ERROR_FAILED,
} MsSecretError;

/**
 * MsSecretFlags:
 * @MS_SECRET_FLAGS_NONE: fail with %MS_SECRET_ERROR_LOCKED when the keyring is locked
 * @MS_SECRET_FLAGS_ALLOW_UNLOCK: ask the keyring to unlock itself (it shows its own
 *   password prompt) when it is locked
 */
typedef enum {
  MS_SECRET_FLAGS_NONE         = 0,
  MS_SECRET_FLAGS_ALLOW_UNLOCK = 1 << 0,
} MsSecretFlags;

GQuark              ms_secret_error_quark      (void);

/* Evolution-data-server's password schema, "org.gnome.Evolution.Data.Source" with the
 * attributes "e-source-uid" and "eds-origin" (name not matched, as EDS does). */
const SecretSchema *ms_secret_get_eds_schema   (void);

/* The "eds-origin" value of the evolution-data-server that reads the items: the
 * distribution's ("evolution-data-server") or Evolution's Flatpak
 * ("org.gnome.Evolution.evolution-data-server"). */
#define MS_SECRET_EDS_ORIGIN_NATIVE  "evolution-data-server"
#define MS_SECRET_EDS_ORIGIN_FLATPAK "org.gnome.Evolution.evolution-data-server"

/* The label evolution-data-server gives its own items (e_source_dup_secret_label()), so
 * seahorse shows ours the same way. @type is e.g. "Mail Account" or "Mail Transport",
 * @backend "imapx", "pop" or "smtp", @parent_uid nullable. */
char               *ms_secret_eds_label        (const char *display_name,
                                                const char *type,
                                                const char *backend,
                                                const char *parent_uid);

/* Checks, without storing anything, that a Secret Service runs and its default keyring
 * exists and is unlocked (unlocking it if @flags allow). Nothing blocks. */
void                ms_secret_check_async      (MsSecretFlags        flags,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean            ms_secret_check_finish     (GAsyncResult        *result,
                                                GError             **error);

/* Stores @password (UTF-8 text) in the default keyring, replacing an item with the same
 * attributes. @attributes: name → value (both strings), validated against @schema. The
 * password is copied into the keyring library's non-pageable memory at once; the caller
 * may wipe its copy as soon as this returns. */
void                ms_secret_store_async      (const SecretSchema  *schema,
                                                GHashTable          *attributes,
                                                const char          *label,
                                                const char          *password,
                                                MsSecretFlags        flags,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean            ms_secret_store_finish     (GAsyncResult        *result,
                                                GError             **error);

/* ms_secret_store_async() with the EDS schema: "e-source-uid" = @source_uid,
 * "eds-origin" = @origin (one of the MS_SECRET_EDS_ORIGIN_* values). */
void                ms_secret_store_eds_async  (const char          *source_uid,
                                                const char          *origin,
                                                const char          *label,
                                                const char          *password,
                                                MsSecretFlags        flags,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean            ms_secret_store_eds_finish (GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
