/* ms-ui-flow.c: what the walks through the window against the mail lab share — pages,
 * Continue, the check's rows, the lab's login counts, and what a screen reader is told
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ms-check-page.h"
#include "ms-discovery-page.h"
#include "ms-identity-page.h"
#include "ms-settings-page.h"
#include "ms-ui-flow.h"
#include "ms-window.h"

MsApplication *app;

GtkWidget *
page (GtkWidget *window,
      GType      type)
{
  GtkWidget *p = GTK_WIDGET (ms_window_ensure_page (MS_WINDOW (window), type));

  g_assert_nonnull (p);
  return p;
}

GtkWidget *
visible_page (GtkWidget *window)
{
  return ms_ui_visible_page (window);
}

void
wait_page (GtkWidget *window,
           GType      type)
{
  if (!ms_ui_wait_for_page (window, type, WAIT_MS))
    {
      g_autofree char *text = ms_ui_dump_text (visible_page (window));
      g_test_message ("on %s, showing:\n%s", G_OBJECT_TYPE_NAME (visible_page (window)), text);
      g_error ("timed out waiting for %s", g_type_name (type));
    }
}

gboolean
continue_enabled (GtkWidget *window)
{
  GtkWidget *next = ms_ui_child (window, MS_TYPE_WINDOW, "next_button");

  return gtk_widget_get_sensitive (next) && gtk_widget_get_visible (next);
}

void
press_continue (GtkWidget *window)
{
  g_assert_true (continue_enabled (window));
  gtk_widget_activate_action (window, "win.next", NULL);
}

/* "clicked" at once (gtk_widget_activate() on a button only clicks after a delay). */
void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button) && gtk_widget_is_drawable (button));
  g_signal_emit_by_name (button, "clicked");
}

GtkWidget *
new_window (int width,
            int height)
{
  GtkWidget *window = GTK_WIDGET (ms_window_new (app));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  return window;
}

void
fill_identity (GtkWidget  *window,
               const char *name,
               const char *address,
               const char *password)
{
  GtkWidget *identity = page (window, MS_TYPE_IDENTITY_PAGE);

  g_assert_true (visible_page (window) == identity);
  g_assert_false (continue_enabled (window));
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "name_row")), name);
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "address_row")), address);
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "password_row")), password);
  g_assert_true (continue_enabled (window));
}

void
assert_shows (GtkWidget  *root,
              const char *text)
{
  ms_ui_assert_shows (root, text);
}

gboolean
check_done (gpointer data)
{
  GtkWidget *check = data;
  return !ms_page_get_busy (MS_PAGE (check)) &&
         ms_ui_find (check, MS_TYPE_CHECK_ROW) != NULL &&
         ms_check_row_get_result (MS_CHECK_ROW (ms_ui_find (check, MS_TYPE_CHECK_ROW))) != NULL;
}

MsCheckRow *
check_row (GtkWidget *check,
           gboolean   incoming)
{
  GtkWidget *rows = ms_ui_child (check, MS_TYPE_CHECK_PAGE, "rows");
  GtkWidget *first = ms_ui_find (rows, MS_TYPE_CHECK_ROW);

  g_assert_nonnull (first);
  if (incoming)
    return MS_CHECK_ROW (first);
  g_assert_true (MS_IS_CHECK_ROW (gtk_widget_get_next_sibling (first)));
  return MS_CHECK_ROW (gtk_widget_get_next_sibling (first));
}

/* Walks identity → discovery → settings for @address; returns the window on Settings. */
GtkWidget *
walk_to_settings (const char *address,
                  const char *password,
                  int         width,
                  const char *shot)
{
  GtkWidget *window = new_window (width, 720);
  GtkWidget *discovery;

  fill_identity (window, "Alice Liddell", address, password);
  if (shot != NULL)
    {
      g_autofree char *name = g_strconcat (shot, "-identity", NULL);
      g_free (ms_ui_screenshot (window, name));
    }
  press_continue (window);
  discovery = page (window, MS_TYPE_DISCOVERY_PAGE);
  /* Discovery moves on by itself when it is done. */
  wait_page (window, MS_TYPE_SETTINGS_PAGE);
  g_assert_true (ms_page_get_complete (MS_PAGE (discovery)));
  return window;
}

/* Every interactive widget of the window, as it is now, has an accessible name. */
void
assert_names (GtkWidget *window)
{
  g_autoptr (GString) problems = g_string_new (NULL);

  ms_ui_check_names (window, problems);
  if (problems->len > 0)
    g_error ("on %s, widgets without an accessible name:\n%s",
             G_OBJECT_TYPE_NAME (visible_page (window)), problems->str);
}

gboolean lint_running;

/* The widgets under @root that need more than 300 px, innermost first, for the log. */
static void
widest (GtkWidget *root,
        GString   *out)
{
  int m = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    widest (c, out);
  if (!gtk_widget_get_visible (root))
    return;
  gtk_widget_measure (root, GTK_ORIENTATION_HORIZONTAL, -1, &m, NULL, NULL, NULL);
  if (m > 300)
    g_string_append_printf (out, "%s%s%s: %d\n", G_OBJECT_TYPE_NAME (root),
                            GTK_IS_LABEL (root) ? " " : "",
                            GTK_IS_LABEL (root) ? gtk_label_get_text (GTK_LABEL (root)) : "", m);
}

/* What a screen reader is told of the page now (tests/ui/atspi-lint, when it runs here),
 * and that the page fits 360 px. @extra: more of the request (roles, states), or NULL. */
void
assert_accessible (GtkWidget  *window,
                   const char *extra)
{
  g_autofree char *request = NULL;
  g_autofree char *problems = NULL;
  int min_width = 0;

  assert_names (window);
  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  if (min_width > 360)
    {
      g_autoptr (GString) wide = g_string_new (NULL);

      widest (visible_page (window), wide);
      g_test_message ("wider than 300 px:\n%s", wide->str);
    }
  if (min_width > 360)
    g_error ("on %s, the window needs %d px, more than 360",
             G_OBJECT_TYPE_NAME (visible_page (window)), min_width);
  if (!lint_running)
    return;
  request = g_strdup_printf ("{\"page\": \"%s\", \"secrets\": [\"%s\", \"%s\"]%s%s}",
                             G_OBJECT_TYPE_NAME (visible_page (window)), "alice-P", "not-the-password",
                             extra != NULL ? ", " : "", extra != NULL ? extra : "");
  problems = ms_ui_atspi_lint (request);
  if (*problems != '\0')
    g_error ("on %s, what a screen reader is told is wrong:\n%s",
             G_OBJECT_TYPE_NAME (visible_page (window)), problems);
}

/* Sign-in attempts the lab's servers saw, from `mail-lab logins` (its logs). */
guint
count_logins (const char *protocol,
              const char *host,
              const char *user,
              const char *result)
{
  g_autofree char *mail_lab = g_build_filename (g_getenv ("MS_SOURCE_ROOT"), "tests", "lab", "mail-lab", NULL);
  const char *argv[] = { mail_lab, "logins", g_getenv ("MS_UI_LAB_DIR"), "--settle", "0.3", NULL };
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  int status = -1;
  guint count = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit_set (lines[i], " ", -1);
      const char *w[5] = { 0 };
      guint n = 0;

      for (guint j = 0; f[j] != NULL && n < 5; j++)
        if (*f[j] != '\0')
          w[n++] = f[j];
      if (n == 5 && g_str_equal (w[0], protocol) && g_str_equal (w[1], host) &&
          g_str_equal (w[2], user) && g_str_equal (w[3], result))
        count += (guint) g_ascii_strtoull (w[4], NULL, 10);
    }
  return count;
}
