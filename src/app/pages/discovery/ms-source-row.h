/* ms-source-row.h: one discovery source and its live state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-discovery.h"
#include "ms-source-info.h"

G_BEGIN_DECLS

#define MS_TYPE_SOURCE_ROW (ms_source_row_get_type ())
G_DECLARE_FINAL_TYPE (MsSourceRow, ms_source_row, MS, SOURCE_ROW, AdwActionRow)

GtkWidget        *ms_source_row_new        (MsSource          source);
MsSource          ms_source_row_get_source (MsSourceRow      *self);
MsDiscoveryState  ms_source_row_get_state  (MsSourceRow      *self);
/* @elapsed_ms: since the run started; kept once the source has answered */
void              ms_source_row_set_state  (MsSourceRow      *self,
                                            MsDiscoveryState  state,
                                            guint             elapsed_ms);
/* When the source answered (ms since the run started), or G_MAXUINT: a detail, not
 * shown in the row. */
guint             ms_source_row_get_elapsed_ms (MsSourceRow  *self);

G_END_DECLS
