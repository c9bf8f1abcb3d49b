/* ms-ui-test.h: helpers the UI tests share — waiting, finding widgets, screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef gboolean (*MsUiCondition) (gpointer data);

/* Runs the main loop until @cond is TRUE or @timeout_ms passed; returns the last @cond. */
gboolean    ms_ui_wait_for        (MsUiCondition  cond,
                                   gpointer       data,
                                   guint          timeout_ms);
/* Runs the main loop for @ms. */
void        ms_ui_spin            (guint          ms);

/* The first descendant (depth first, @root included) of @type, or NULL. */
GtkWidget  *ms_ui_find            (GtkWidget     *root,
                                   GType          type);
/* The first visible GtkLabel under @root whose text contains @text, or NULL. */
GtkWidget  *ms_ui_find_label      (GtkWidget     *root,
                                   const char    *text);
/* The first button under @root whose label (mnemonic removed) contains @text. */
GtkWidget  *ms_ui_find_button     (GtkWidget     *root,
                                   const char    *text);
/* A template child of @widget (whose template class is @type). */
GtkWidget  *ms_ui_child           (GtkWidget     *widget,
                                   GType          type,
                                   const char    *id);
/* All visible text under @root, one label per line (for assertions and diagnostics). */
char       *ms_ui_dump_text       (GtkWidget     *root);

/* Saves what @widget shows to $MS_SCREENSHOT_DIR/@name.png (or the current folder) and
 * returns the path. */
char       *ms_ui_screenshot      (GtkWidget     *widget,
                                   const char    *name);

/* Checks every interactive widget under @root for an accessible name; adds a line to
 * @problems for each one without. */
void        ms_ui_check_names     (GtkWidget     *root,
                                   GString       *problems);

/* Starts tests/ui/atspi-lint ($MS_ATSPI_LINT) for this process; call it before the first
 * window. FALSE, with the reason, when it cannot run here (no pyatspi). */
gboolean    ms_ui_atspi_start     (char         **skip_reason);
/* Sends one request (a JSON line, see tests/ui/atspi-lint) and returns the problems found,
 * one a line, "" for none. The main loop runs meanwhile. */
char       *ms_ui_atspi_lint      (const char    *request);
void        ms_ui_atspi_stop      (void);

/* Translates into @language (e.g. "de") with @locale ("de_DE.UTF-8", made with localedef
 * when the system lacks it) from $MS_TEST_LOCALEDIR; NULL goes back to English. FALSE
 * when that cannot be done here. */
gboolean    ms_ui_use_language    (const char    *language,
                                   const char    *locale);

/* The page an MsWindow shows. */
GtkWidget  *ms_ui_visible_page    (GtkWidget     *window);
/* Runs the main loop until @window shows a page of @type that is not busy, or
 * @timeout_ms passed; returns whether it does. */
gboolean    ms_ui_wait_for_page   (GtkWidget     *window,
                                   GType          type,
                                   guint          timeout_ms);
/* Fails the test, with all the text under @root, unless a label under it shows @text. */
void        ms_ui_assert_shows    (GtkWidget     *root,
                                   const char    *text);

G_END_DECLS
