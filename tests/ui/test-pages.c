/* test-pages.c: each page and row alone — created, shown in a window, destroyed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "ms-check-page.h"
#include "ms-check-row.h"
#include "ms-client-row.h"
#include "ms-clients-page.h"
#include "ms-discovery-page.h"
#include "ms-done-page.h"
#include "ms-server-row.h"
#include "ms-settings-page.h"
#include "ms-source-row.h"
#include "ms-ui-test.h"

static void
test_new_destroy (gconstpointer data)
{
  GType type = GPOINTER_TO_SIZE (data);
  GtkWidget *window = gtk_window_new ();
  g_autoptr (MsSetup) setup = ms_setup_new ();
  GtkWidget *widget = g_object_new (type, NULL);

  if (MS_IS_PAGE (widget))
    ms_page_set_setup (MS_PAGE (widget), setup);
  if (GTK_IS_LIST_BOX_ROW (widget))
    {
      GtkWidget *list = gtk_list_box_new ();
      gtk_list_box_append (GTK_LIST_BOX (list), widget);
      gtk_window_set_child (GTK_WINDOW (window), list);
    }
  else
    gtk_window_set_child (GTK_WINDOW (window), widget);
  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &widget);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  gtk_window_destroy (GTK_WINDOW (window));
  ms_ui_spin (50);
  g_assert_null (widget);
}

/* Rows that show what others wrote (profile names, hosts, server messages) show it as
 * plain text: libadwaita 1.2 would parse "Work & Home" or "<b>" as markup. */
static void
test_rows_plain_text (void)
{
  GType row_types[] = { MS_TYPE_SOURCE_ROW, MS_TYPE_SERVER_ROW, MS_TYPE_CLIENT_ROW };

  for (guint i = 0; i < G_N_ELEMENTS (row_types); i++)
    {
      GtkWidget *row = g_object_ref_sink (g_object_new (row_types[i], NULL));

      g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (row)));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Work & <Home>");
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Work & <Home>");
      g_object_unref (row);
    }
}

/* A check row with @code for @server, in a window: its alternative's button, if shown. */
static GtkWidget *
alternative_button (GtkWidget    *row,
                    MsProblemCode code)
{
  MsServer *server = ms_check_row_get_server (MS_CHECK_ROW (row));
  MsProblemContext ctx = { .protocol = ms_server_get_protocol (server),
                           .host = ms_server_get_host (server),
                           .port = ms_server_get_port (server) };
  MsCheckServerResult result = { .server = server, .problem = ms_problem_new (code, &ctx) };
  GtkWidget *button;

  ms_check_row_set_result (MS_CHECK_ROW (row), &result);
  ms_problem_free (result.problem);
  button = ms_ui_find_button (row, "Use ");
  return button != NULL && gtk_widget_get_visible (button) ? button : NULL;
}

/* The one-click fix: "Use port 465 (TLS)" for another port, "Use TLS on port 465" for the
 * same one, nothing where the port is not the problem, and never settings tried already. */
static void
test_check_row_alternative (void)
{
  g_autoptr (MsServer) s587 = ms_server_new (MS_PROTOCOL_SMTP, "smtp.example.test", 587, MS_SECURITY_STARTTLS, NULL);
  g_autoptr (MsServer) s465 = ms_server_new (MS_PROTOCOL_SMTP, "smtp.example.test", 465, MS_SECURITY_STARTTLS, NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *blocked = ms_check_row_new (s587);
  GtkWidget *mismatch = ms_check_row_new (s465);
  GtkWidget *button;

  gtk_list_box_append (GTK_LIST_BOX (list), blocked);
  gtk_list_box_append (GTK_LIST_BOX (list), mismatch);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));

  button = alternative_button (blocked, MS_PROBLEM_OUTGOING_BLOCKED);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Use port 465 (TLS)");
  g_assert_true (gtk_widget_get_focusable (button));
  g_assert_null (alternative_button (blocked, MS_PROBLEM_AUTHENTICATION_FAILED));

  button = alternative_button (mismatch, MS_PROBLEM_PORT_NEEDS_TLS);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Use TLS on port 465");

  ms_check_row_set_offer_alternative (MS_CHECK_ROW (blocked), FALSE);
  g_assert_null (alternative_button (blocked, MS_PROBLEM_OUTGOING_BLOCKED));
  ms_check_row_set_offer_alternative (MS_CHECK_ROW (blocked), TRUE);
  g_assert_nonnull (alternative_button (blocked, MS_PROBLEM_OUTGOING_BLOCKED));

  /* 465 was where the user came from: 587 failing too offers no way back to it */
  ms_check_row_add_tried (MS_CHECK_ROW (blocked), 465, MS_SECURITY_TLS);
  g_assert_null (alternative_button (blocked, MS_PROBLEM_OUTGOING_BLOCKED));
  /* a row that replaces one takes its settings (587) and those it tried (465/TLS) */
  ms_check_row_take_tried (MS_CHECK_ROW (mismatch), MS_CHECK_ROW (blocked));
  g_assert_null (alternative_button (mismatch, MS_PROBLEM_PORT_NEEDS_TLS));
  g_assert_null (alternative_button (mismatch, MS_PROBLEM_OUTGOING_BLOCKED));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const struct { const char *name; GType (*get_type) (void); } types[] = {
    { "source-row", ms_source_row_get_type },
    { "discovery-page", ms_discovery_page_get_type },
    { "server-row", ms_server_row_get_type },
    { "settings-page", ms_settings_page_get_type },
    { "check-row", ms_check_row_get_type },
    { "check-page", ms_check_page_get_type },
    { "client-row", ms_client_row_get_type },
    { "clients-page", ms_clients_page_get_type },
    { "done-page", ms_done_page_get_type },
  };

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/pages/%s/new-destroy", types[i].name);
      g_test_add_data_func (path, GSIZE_TO_POINTER (types[i].get_type ()), test_new_destroy);
    }
  g_test_add_func ("/ui/pages/rows/plain-text", test_rows_plain_text);
  g_test_add_func ("/ui/pages/check-row/alternative", test_check_row_alternative);
  return g_test_run ();
}
