/* test-identity-page.c: "Who are you" validates as typed and fills the shared setup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "ms-identity-page.h"
#include "ms-setup.h"

typedef struct {
  GtkWindow *window;
  MsPage *page;
  MsSetup *setup;
  GtkEditable *name;
  GtkEditable *address;
  GtkEditable *password;
  GtkWidget *error;
} Fixture;

static GObject *
child (MsPage     *page,
       const char *id)
{
  GObject *obj = gtk_widget_get_template_child (GTK_WIDGET (page), MS_TYPE_IDENTITY_PAGE, id);

  g_assert_nonnull (obj);
  return obj;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->setup = ms_setup_new ();
  f->page = g_object_new (MS_TYPE_IDENTITY_PAGE, "setup", f->setup, NULL);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  f->name = GTK_EDITABLE (child (f->page, "name_row"));
  f->address = GTK_EDITABLE (child (f->page, "address_row"));
  f->password = GTK_EDITABLE (child (f->page, "password_row"));
  f->error = GTK_WIDGET (child (f->page, "address_error"));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->setup);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_assert_false (ms_page_get_complete (f->page));
  g_assert_cmpstr (ms_page_get_title (f->page), ==, "Who Are You?");

  /* Half-typed: no scolding yet. */
  gtk_editable_set_text (f->address, "someone");
  g_assert_false (gtk_widget_get_visible (f->error));
  g_assert_false (ms_page_get_complete (f->page));

  /* Two "@": a specific inline error, marked for assistive technologies. */
  gtk_editable_set_text (f->address, "some@one@nc.rr.com");
  g_assert_true (gtk_widget_get_visible (f->error));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->address), "error"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (f->error)), !=, "");
  g_assert_false (ms_page_get_complete (f->page));

  /* Valid address but no password yet: still not complete, and no error shown. */
  gtk_editable_set_text (f->address, "  Someone@NC.RR.com ");
  g_assert_false (gtk_widget_get_visible (f->error));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->address), "error"));
  g_assert_false (ms_page_get_complete (f->page));

  gtk_editable_set_text (f->password, "s3cret \"quoted\" \\ ü");
  g_assert_true (ms_page_get_complete (f->page));

  /* A dotless domain is refused again. */
  gtk_editable_set_text (f->address, "someone@localhost");
  g_assert_true (gtk_widget_get_visible (f->error));
  g_assert_false (ms_page_get_complete (f->page));
}

static void
on_applied (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (ms_page_apply_finish (MS_PAGE (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_apply (Fixture       *f,
            gconstpointer  data)
{
  gboolean done = FALSE;

  gtk_editable_set_text (f->name, "  Sam Someone ");
  gtk_editable_set_text (f->address, "Someone@bücher.example");
  gtk_editable_set_text (f->password, "pw with space");
  g_assert_true (ms_page_get_complete (f->page));

  ms_page_apply_async (f->page, NULL, on_applied, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (ms_setup_get_name (f->setup), ==, "Sam Someone");
  g_assert_nonnull (ms_setup_get_address (f->setup));
  g_assert_cmpstr (ms_address_get_domain (ms_setup_get_address (f->setup)), ==,
                   "xn--bcher-kva.example");
  g_assert_cmpstr (ms_setup_get_password (f->setup), ==, "pw with space");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/identity-page/validation", Fixture, NULL,
              fixture_setup, test_validation, fixture_teardown);
  g_test_add ("/ui/identity-page/apply", Fixture, NULL,
              fixture_setup, test_apply, fixture_teardown);

  return g_test_run ();
}
