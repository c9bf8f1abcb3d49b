/* ms-export-evolution.h: export an account to Evolution (evolution-data-server)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-account.h"
#include "ms-evolution-sources.h"

G_BEGIN_DECLS

/**
 * MsEvolutionTarget:
 * @MS_EVOLUTION_TARGET_NATIVE: the distribution's Evolution: sources in
 *   $XDG_CONFIG_HOME/evolution/sources, registry org.gnome.evolution.dataserver.Sources5,
 *   keyring origin "evolution-data-server"
 * @MS_EVOLUTION_TARGET_FLATPAK: Flathub's org.gnome.Evolution: sources in
 *   ~/.var/app/org.gnome.Evolution/config/evolution/sources, the registry's name and the
 *   keyring origin prefixed with "org.gnome.Evolution."
 */
typedef enum {
  MS_EVOLUTION_TARGET_NATIVE,
  MS_EVOLUTION_TARGET_FLATPAK,
} MsEvolutionTarget;

/* "native", "flatpak" */
const char *ms_evolution_target_to_string      (MsEvolutionTarget target);
char       *ms_evolution_get_sources_dir       (MsEvolutionTarget target);
const char *ms_evolution_get_registry_bus_name (MsEvolutionTarget target);

#define MS_EVOLUTION_SOURCE_MANAGER_PATH "/org/gnome/evolution/dataserver/SourceManager"
#define MS_EVOLUTION_SOURCE_WRITABLE_IFACE "org.gnome.evolution.dataserver.Source.Writable"

/* UID → data of every source in the registry's GetManagedObjects @reply
 * ("(a{oa{sa{sv}}})"); @writable (nullable) gets UID → object path of the writable ones.
 * Pure. */
GHashTable *ms_evolution_sources_from_objects (GVariant    *reply,
                                               GHashTable **writable);
/* UID → data of the "*.source" files in @dir (ones that vanish or cannot be opened are
 * skipped). With @strict, one that is not a regular file, too large or damaged
 * (ms-user-file.h) is an error (NULL): it may be the account about to be written;
 * otherwise it is skipped. Blocking. */
GHashTable *ms_evolution_load_sources_dir     (const char  *dir,
                                               gboolean     strict,
                                               GError     **error);
const char *ms_evolution_get_keyring_origin    (MsEvolutionTarget target);
/* TRUE when that Evolution is there: its program (native) or its Flatpak app (system or
 * user installation) is installed, or its sources folder exists. */
gboolean    ms_evolution_target_is_present     (MsEvolutionTarget target);
/* The Evolution the user has: the native one when present, else the Flatpak when
 * present, else native. */
MsEvolutionTarget ms_evolution_detect_target   (void);

/**
 * MsEvolutionResult:
 *
 * What ms_export_evolution_async() did.
 */
typedef struct {
  MsEvolutionTarget target;
  char *account_uid;
  char *identity_uid;
  char *transport_uid;
  gboolean via_registry;   /* created through the running registry's CreateSources (and
                            * updated through its sources' Write) */
  gboolean updated;        /* the account was there already and was updated in place */
  char *sources_dir;
  GPtrArray *files;        /* the .source files written by us (empty via the registry) */
  GPtrArray *secrets;      /* the source UIDs whose password went to the keyring */
  /* Only from ms_export_evolution_with_trust_async() (ms-evolution-trust.h), else NULL: */
  GPtrArray *trusted_certificates;  /* "HOST:PORT" whose certificate Evolution now trusts */
  char *trust_problem;              /* nullable: why a trusted certificate was not recorded */
  gboolean trust_needs_restart;     /* Evolution ran: it reads the record when it starts */
} MsEvolutionResult;

void ms_evolution_result_free (MsEvolutionResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsEvolutionResult, ms_evolution_result_free)

/* Exports @account for Evolution @target. When @password is given and a server logs in
 * with a password, the keyring is checked first: a locked login keyring is asked to
 * unlock itself (it shows its own prompt where it can), and nothing is written when the
 * keyring is missing or stays locked (MS_SECRET_ERROR); then the sources are created through
 * the registry's D-Bus CreateSources if it runs, else written as files (atomically, 0600);
 * then the password is stored under the account's and the transport's UID. When Evolution
 * has the same account already (the registry's sources when it runs, else the files of the
 * sources folder; see ms_evolution_sources_new_merged()), that account is updated in place
 * instead (the registry's Source.Writable.Write, or the files rewritten), and so are its
 * keyring items. The password is copied into non-pageable memory at once. Nothing blocks. */
void               ms_export_evolution_async  (MsAccount           *account,
                                               const char          *full_name,
                                               const char          *password,
                                               MsEvolutionTarget    target,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
MsEvolutionResult *ms_export_evolution_finish (GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
