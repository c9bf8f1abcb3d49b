/* test-window.c: the main window frame, under Xvfb with its own D-Bus session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "ms-application.h"
#include "ms-window.h"

static MsApplication *app;

static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button_with_action (GtkWidget  *root,
                         const char *action)
{
  if (GTK_IS_BUTTON (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_action (child, action);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every button without a visible text label must have an accessible name. */
static void
assert_buttons_labelled (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      /* The window controls are GTK's own and labelled by it. */
      if (GTK_IS_WINDOW_CONTROLS (child))
        continue;
      /* A menu button is labelled as a whole, not through its inner toggle. */
      if (GTK_IS_MENU_BUTTON (child))
        {
          g_assert_nonnull (gtk_widget_get_tooltip_text (child));
          continue;
        }
      if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) == NULL)
        {
          GtkAccessible *acc = GTK_ACCESSIBLE (child);
          const char *tooltip = gtk_widget_get_tooltip_text (child);
          /* GTK 4.8 has no getter for accessible properties; the tooltip is what the
           * templates set together with the label, so require both to be present. */
          g_assert_nonnull (acc);
          if (tooltip == NULL)
            g_printerr ("unlabelled %s (parent %s, icon %s)\n", G_OBJECT_TYPE_NAME (child),
                        G_OBJECT_TYPE_NAME (gtk_widget_get_parent (child)),
                        gtk_button_get_icon_name (GTK_BUTTON (child)));
          g_assert_nonnull (tooltip);
        }
      assert_buttons_labelled (child);
    }
}

static void
test_window_opens (void)
{
  GtkWindow *window;
  GtkWidget *header;
  GtkWidget *next;
  int min_width = -1;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_nonnull (window);
  g_assert_true (MS_IS_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Mail Setup");
  g_assert_cmpstr (gtk_window_get_icon_name (window), ==, APP_ID);

  /* Usable at 360 px: the window may be made that narrow. */
  gtk_widget_get_size_request (GTK_WIDGET (window), &min_width, NULL);
  g_assert_cmpint (min_width, ==, 360);

  header = find_descendant (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  g_assert_nonnull (header);
  g_assert_nonnull (find_descendant (GTK_WIDGET (window), GTK_TYPE_STACK));
  assert_buttons_labelled (GTK_WIDGET (window));

  /* Nothing to navigate to yet: Continue is bound to win.next, which is disabled. */
  next = find_button_with_action (GTK_WIDGET (window), "win.next");
  g_assert_nonnull (next);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_false (gtk_widget_get_sensitive (next));
  g_assert_nonnull (find_button_with_action (GTK_WIDGET (window), "win.back"));

  /* A second activation presents the same window instead of opening another. */
  g_application_activate (G_APPLICATION (app));
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) == window);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

static void
test_app_actions (void)
{
  g_auto (GStrv) accels = NULL;

  g_assert_true (g_action_map_lookup_action (G_ACTION_MAP (app), "quit") != NULL);
  g_assert_true (g_action_map_lookup_action (G_ACTION_MAP (app), "about") != NULL);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Control>q");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = ms_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));

  g_test_add_func ("/ui/app/actions", test_app_actions);
  g_test_add_func ("/ui/window/opens", test_window_opens);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
