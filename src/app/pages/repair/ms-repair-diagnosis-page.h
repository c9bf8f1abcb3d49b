/* ms-repair-diagnosis-page.h: "What Is Wrong" — an account the user has, compared with
 * what is right today
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_REPAIR_DIAGNOSIS_PAGE (ms_repair_diagnosis_page_get_type ())
G_DECLARE_FINAL_TYPE (MsRepairDiagnosisPage, ms_repair_diagnosis_page, MS, REPAIR_DIAGNOSIS_PAGE, MsPage)

/* Compare with the built-in provider table only (no network), as repair --offline. */
void ms_repair_diagnosis_page_set_offline (MsRepairDiagnosisPage *self,
                                           gboolean               offline);

G_END_DECLS
