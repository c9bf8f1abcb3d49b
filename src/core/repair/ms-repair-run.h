/* ms-repair-run.h: a repair from start to end without blocking: the diagnosis, then the
 * change with its check again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-account-reader.h"
#include "ms-check.h"
#include "ms-repair.h"

G_BEGIN_DECLS

/**
 * MsRepairPlan:
 * @found: the account as the client has it
 * @right: (nullable): discovery's answer for its address (NULL: none)
 * @changes: MsRepairChange, the differences in plain words (empty: nothing to change)
 * @fixed_in, @fixed_out: (nullable): the servers as they should be
 * @needs_confirmation: the changes come from settings the address's domain does not
 *   vouch for (MX, SRV, a guess): no password goes to them without the user's consent
 * @saved_in, @saved_out: (nullable): the client's saved password of each server, wiped
 *   when the plan is freed
 * @password_problem: (nullable): why no saved password could be read when one exists but
 *   is locked (a Thunderbird primary password): ask the user once
 *
 * What is wrong with an account the user has, and how it should be.
 */
typedef struct {
  MsFoundAccount *found;
  MsAccount *right;
  GPtrArray *changes;
  MsServer *fixed_in;
  MsServer *fixed_out;
  gboolean needs_confirmation;
  char *saved_in;
  char *saved_out;
  char *password_problem;
} MsRepairPlan;

void          ms_repair_plan_free        (MsRepairPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsRepairPlan, ms_repair_plan_free)

/* The settings to check: @plan's address with its fixed servers (and the provider's
 * details from discovery's answer, for the problems' words). */
MsAccount    *ms_repair_plan_dup_account (MsRepairPlan *plan);

/* Diagnoses @found (transfer full): discovery for its address (@offline: the built-in
 * table only), the comparison, and the saved passwords read in a worker thread. */
void          ms_repair_plan_async       (MsFoundAccount      *found,
                                          gboolean             offline,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
MsRepairPlan *ms_repair_plan_finish      (GAsyncResult        *result,
                                          GError             **error);

/**
 * MsRepairOutcome:
 * @backups: MsRepairBackup, the files changed and their copies from before
 * @reread: the account read back from the client after the change
 * @check: the check of @reread's own settings (the proof that they work)
 * @password_stored: a password went into the client's store
 */
typedef struct {
  GPtrArray *backups;
  MsFoundAccount *reread;
  MsCheckResult *check;
  gboolean password_stored;
} MsRepairOutcome;

void ms_repair_outcome_free (MsRepairOutcome *outcome);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsRepairOutcome, ms_repair_outcome_free)

/* TRUE when the check after the change passed for every server. */
gboolean         ms_repair_outcome_is_ok (MsRepairOutcome *outcome);

/* Applies @plan (ms_repair_apply_sync() in a worker thread), stores a password in the
 * client's own store where it must go — @password_in / @password_out (nullable: the
 * saved one) when it differs from the saved one, or under Thunderbird's new host names
 * (its logins are keyed by host) — then reads the account back from the client and
 * checks its servers once more with those passwords. @trust and @options (nullable) as
 * for ms_check_run_async(). Fails (and has changed nothing) when the account is no longer
 * where it was found or the client refuses (Thunderbird running, a sandbox). */
void             ms_repair_run_async   (MsRepairPlan          *plan,
                                        const char            *password_in,
                                        const char            *password_out,
                                        MsTlsTrust            *trust,
                                        const MsCheckOptions  *options,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data);
MsRepairOutcome *ms_repair_run_finish  (GAsyncResult          *result,
                                        GError               **error);

/* Finds @found again among @all (the same client installation, place and account keys):
 * an index into @all, or -1. */
int              ms_repair_find_again  (GPtrArray             *all,
                                        MsFoundAccount        *found);

G_END_DECLS
