/* ms-page.h: the base class of the wizard's pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-setup.h"

G_BEGIN_DECLS

#define MS_TYPE_PAGE (ms_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (MsPage, ms_page, MS, PAGE, AdwBin)

/**
 * MsPageClass:
 * @shown: the page became the visible one; start what it shows (e.g. discovery)
 * @apply_async: the user pressed Continue; do what the page stands for and finish with
 *   TRUE to go on, or FALSE with an error to stay (the page shows the error itself)
 * @apply_finish: finishes @apply_async
 * @cancel: stop the work the page started on its own (e.g. discovery); the window calls
 *   it for win.cancel, besides cancelling a running @apply_async
 *
 * A page says whether Continue may be pressed (#MsPage:complete) and whether it is working
 * (#MsPage:busy); the window enables navigation from those alone.
 */
struct _MsPageClass
{
  AdwBinClass parent_class;

  void     (*shown)        (MsPage              *self);
  void     (*apply_async)  (MsPage              *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
  gboolean (*apply_finish) (MsPage              *self,
                            GAsyncResult        *result,
                            GError             **error);
  void     (*cancel)       (MsPage              *self);
};

/* The shared state of the wizard; set by the window before the page is shown. */
MsSetup    *ms_page_get_setup        (MsPage              *self);
void        ms_page_set_setup        (MsPage              *self,
                                      MsSetup             *setup);
const char *ms_page_get_title        (MsPage              *self);
void        ms_page_set_title        (MsPage              *self,
                                      const char          *title);
gboolean    ms_page_get_complete     (MsPage              *self);
void        ms_page_set_complete     (MsPage              *self,
                                      gboolean             complete);
gboolean    ms_page_get_busy         (MsPage              *self);
void        ms_page_set_busy         (MsPage              *self,
                                      gboolean             busy);

/* A final page (Done) offers neither Back nor Continue. */
gboolean    ms_page_get_final        (MsPage              *self);
void        ms_page_set_final        (MsPage              *self,
                                      gboolean             final);

void        ms_page_shown            (MsPage              *self);
void        ms_page_cancel           (MsPage              *self);
void        ms_page_apply_async      (MsPage              *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean    ms_page_apply_finish     (MsPage              *self,
                                      GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
