/* ms-ui-flow.h: what the walks through the window against the mail lab share — pages,
 * Continue, the check's rows, the lab's login counts, and what a screen reader is told
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For test-flow.c and the walks it adds from other files (test-flow-ports.c): one test
 * program, one lab, one AT-SPI lint.
 */
#pragma once

#include <adwaita.h>

#include "ms-application.h"
#include "ms-check-row.h"
#include "ms-ui-test.h"

G_BEGIN_DECLS

#define WAIT_MS 20000

/* the application every walk's window belongs to */
extern MsApplication *app;
/* tests/ui/atspi-lint runs for this process (ms_ui_atspi_start()) */
extern gboolean lint_running;

GtkWidget  *page              (GtkWidget  *window,
                               GType       type);
GtkWidget  *visible_page      (GtkWidget  *window);
/* Waits until @window shows a page of @type that is not busy; fails the test otherwise. */
void        wait_page         (GtkWidget  *window,
                               GType       type);
gboolean    continue_enabled  (GtkWidget  *window);
void        press_continue    (GtkWidget  *window);
/* "clicked" at once (gtk_widget_activate() on a button only clicks after a delay). */
void        click             (GtkWidget  *button);
GtkWidget  *new_window        (int         width,
                               int         height);
void        fill_identity     (GtkWidget  *window,
                               const char *name,
                               const char *address,
                               const char *password);
void        assert_shows      (GtkWidget  *root,
                               const char *text);
/* The check page (@data) finished its run and shows a result. */
gboolean    check_done        (gpointer    data);
MsCheckRow *check_row         (GtkWidget  *check,
                               gboolean    incoming);
/* Walks identity → discovery → settings for @address; returns the window on Settings. */
GtkWidget  *walk_to_settings  (const char *address,
                               const char *password,
                               int         width,
                               const char *shot);
void        assert_names      (GtkWidget  *window);
/* What a screen reader is told of the page now, and that it fits 360 px. */
void        assert_accessible (GtkWidget  *window,
                               const char *extra);
/* Sign-in attempts the lab's servers saw, from `mail-lab logins` (its logs). */
guint       count_logins      (const char *protocol,
                               const char *host,
                               const char *user,
                               const char *result);

/* test-flow-ports.c: the walks where a port is the problem */
void        add_port_walks    (void);

G_END_DECLS
