/* ms-discovery-page.c: "Looking for your provider" — every discovery source, live
 *
 * Discovery starts when the page is shown (so nothing touches the network before the
 * user pressed Continue on the first page) and the page moves on by itself when it is
 * done. The user may stop it (win.cancel, Escape) or skip it and enter the settings
 * by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-discovery-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-discovery-page.h"
#include "ms-source-row.h"

struct _MsDiscoveryPage
{
  MsPage parent_instance;

  GtkLabel *description;
  AdwPreferencesGroup *sources_group;
  GtkLabel *status;
  GtkWidget *cancel_button;
  GtkWidget *skip_button;
  GtkWidget *again_button;

  MsSourceRow *rows[MS_DISCOVERY_LAST_SOURCE + 1];

  MsDiscoveryOptions options;
  gboolean have_options;

  GCancellable *cancellable;   /* the run, while it runs */
  MsAddress *searched;         /* the address of the last run */
  gboolean running;
  gboolean finished;
};

G_DEFINE_FINAL_TYPE (MsDiscoveryPage, ms_discovery_page, MS_TYPE_PAGE)

void
ms_discovery_page_set_options (MsDiscoveryPage          *self,
                               const MsDiscoveryOptions *options)
{
  g_return_if_fail (MS_IS_DISCOVERY_PAGE (self));

  self->have_options = options != NULL;
  if (options != NULL)
    self->options = *options;
}

static void
set_buttons (MsDiscoveryPage *self)
{
  gtk_widget_set_visible (self->cancel_button, self->running);
  gtk_widget_set_visible (self->skip_button, self->running);
  gtk_widget_set_visible (self->again_button, !self->running);
}

static void
on_progress (MsSource          source,
             MsDiscoveryState  state,
             guint             elapsed_ms,
             gpointer          user_data)
{
  MsDiscoveryPage *self = user_data;

  if (source >= MS_DISCOVERY_FIRST_SOURCE && source <= MS_DISCOVERY_LAST_SOURCE &&
      self->rows[source] != NULL)
    ms_source_row_set_state (self->rows[source], state, elapsed_ms);
}

/* Goes on to the next page, if this one is still the one the user looks at. */
static void
move_on (MsDiscoveryPage *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (GTK_IS_STACK (parent) &&
      gtk_stack_get_visible_child (GTK_STACK (parent)) != GTK_WIDGET (self))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.next", NULL);
}

static gboolean
move_on_later (gpointer data)
{
  move_on (MS_DISCOVERY_PAGE (data));
  return G_SOURCE_REMOVE;
}

static void
on_discovery_done (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  g_autoptr (MsDiscoveryPage) self = user_data;
  g_autoptr (MsDiscoveryResult) result = NULL;
  g_autoptr (GError) error = NULL;
  MsSetup *setup = ms_page_get_setup (MS_PAGE (self));
  MsAccount *account;

  result = ms_discovery_run_finish (res, &error);
  if (result == NULL)
    {
      /* Skipped (a new run or Skip took over), or stopped by the user. */
      if (!self->running || g_cancellable_is_cancelled (self->cancellable) == FALSE)
        return;
      self->running = FALSE;
      for (MsSource s = MS_DISCOVERY_FIRST_SOURCE; s <= MS_DISCOVERY_LAST_SOURCE; s++)
        if (ms_source_row_get_state (self->rows[s]) == MS_DISCOVERY_STATE_STARTED ||
            ms_source_row_get_state (self->rows[s]) == MS_DISCOVERY_STATE_WAITING)
          ms_source_row_set_state (self->rows[s], MS_DISCOVERY_STATE_CANCELLED, 0);
      gtk_label_set_text (self->status,
                          _("Stopped. Search again, or press Continue to enter the settings yourself."));
      g_clear_object (&self->cancellable);
      g_clear_pointer (&self->searched, ms_address_unref);
      set_buttons (self);
      ms_page_set_busy (MS_PAGE (self), FALSE);
      ms_page_set_complete (MS_PAGE (self), TRUE);
      return;
    }

  self->running = FALSE;
  self->finished = TRUE;
  g_clear_object (&self->cancellable);

  for (MsSource s = MS_DISCOVERY_FIRST_SOURCE; s <= MS_DISCOVERY_LAST_SOURCE; s++)
    {
      MsDiscoveryState state = ms_discovery_result_get_state (result, s);

      /* Keep the time of the last live update; only fix up the state. */
      if (ms_source_row_get_state (self->rows[s]) != state)
        ms_source_row_set_state (self->rows[s], state, ms_discovery_result_get_elapsed_ms (result));
    }

  account = ms_discovery_result_get_account (result);
  if (account != NULL)
    {
      g_autofree char *text = NULL;

      /* TRANSLATORS: %s is where the settings came from, e.g. "Thunderbird’s database";
       * %.2f the seconds it took */
      text = g_strdup_printf (_("Found settings: %s, in %.2f s."),
                              ms_source_get_title (ms_discovery_result_get_source (result)),
                              ms_discovery_result_get_elapsed_ms (result) / 1000.0);
      gtk_label_set_text (self->status, text);
    }
  else if (ms_discovery_result_get_problem (result) != NULL)
    {
      /* why nothing was found, when that is known (the search ran out of time) */
      MsProblem *problem = ms_discovery_result_get_problem (result);
      g_autofree char *text = g_strdup_printf ("%s %s", problem->message, problem->fix);

      gtk_label_set_text (self->status, text);
    }
  else
    gtk_label_set_text (self->status,
                        _("No settings were found. Continue to enter them yourself."));

  ms_setup_set_discovery (setup, result);
  set_buttons (self);
  ms_page_set_busy (MS_PAGE (self), FALSE);
  ms_page_set_complete (MS_PAGE (self), TRUE);
  move_on (self);
}

static void
start (MsDiscoveryPage *self)
{
  MsSetup *setup = ms_page_get_setup (MS_PAGE (self));
  MsAddress *address = ms_setup_get_address (setup);
  g_autofree char *text = NULL;

  if (self->cancellable != NULL)
    {
      self->running = FALSE;
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  if (address == NULL)
    return;

  g_clear_pointer (&self->searched, ms_address_unref);
  self->searched = ms_address_ref (address);
  self->running = TRUE;
  self->finished = FALSE;
  self->cancellable = g_cancellable_new ();
  ms_setup_set_discovery (setup, NULL);

  /* TRANSLATORS: %s is the domain of the e-mail address, e.g. "example.com" */
  text = g_strdup_printf (_("Mail Setup asks these places how to reach the mail servers of "
                            "%s. Your password is not sent to any of them."),
                          ms_address_get_domain_unicode (address));
  gtk_label_set_text (self->description, text);
  gtk_label_set_text (self->status, _("Looking…"));
  for (MsSource s = MS_DISCOVERY_FIRST_SOURCE; s <= MS_DISCOVERY_LAST_SOURCE; s++)
    ms_source_row_set_state (self->rows[s], MS_DISCOVERY_STATE_WAITING, 0);
  set_buttons (self);
  ms_page_set_complete (MS_PAGE (self), FALSE);
  ms_page_set_busy (MS_PAGE (self), TRUE);

  ms_discovery_run_async (address, self->have_options ? &self->options : NULL,
                          self->cancellable, on_progress, self,
                          on_discovery_done, g_object_ref (self));
}

static void
on_skip_clicked (MsDiscoveryPage *self)
{
  MsSetup *setup = ms_page_get_setup (MS_PAGE (self));

  if (self->cancellable != NULL)
    {
      self->running = FALSE;
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  self->running = FALSE;
  self->finished = TRUE;
  for (MsSource s = MS_DISCOVERY_FIRST_SOURCE; s <= MS_DISCOVERY_LAST_SOURCE; s++)
    if (ms_source_row_get_state (self->rows[s]) == MS_DISCOVERY_STATE_STARTED ||
        ms_source_row_get_state (self->rows[s]) == MS_DISCOVERY_STATE_WAITING)
      ms_source_row_set_state (self->rows[s], MS_DISCOVERY_STATE_SKIPPED, 0);
  gtk_label_set_text (self->status, _("Skipped: you enter the settings yourself."));
  ms_setup_set_discovery (setup, NULL);
  set_buttons (self);
  ms_page_set_busy (MS_PAGE (self), FALSE);
  ms_page_set_complete (MS_PAGE (self), TRUE);
  move_on (self);
}

static void
on_again_clicked (MsDiscoveryPage *self)
{
  start (self);
}

static void
ms_discovery_page_shown (MsPage *page)
{
  MsDiscoveryPage *self = MS_DISCOVERY_PAGE (page);
  MsAddress *address = ms_setup_get_address (ms_page_get_setup (page));

  /* Coming back to it shows the last search, unless the address changed meanwhile. Back
   * goes past this page, so arriving at a finished search again goes on with it. */
  if (self->searched != NULL && address != NULL && ms_address_equal (self->searched, address) &&
      (self->running || self->finished))
    {
      if (self->finished && ms_page_get_complete (page))
        g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, move_on_later, g_object_ref (self), g_object_unref);
      return;
    }
  start (self);
}

static void
ms_discovery_page_cancel (MsPage *page)
{
  MsDiscoveryPage *self = MS_DISCOVERY_PAGE (page);

  if (self->running && self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
ms_discovery_page_dispose (GObject *object)
{
  MsDiscoveryPage *self = MS_DISCOVERY_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->searched, ms_address_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_DISCOVERY_PAGE);

  G_OBJECT_CLASS (ms_discovery_page_parent_class)->dispose (object);
}

static void
ms_discovery_page_class_init (MsDiscoveryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MsPageClass *page_class = MS_PAGE_CLASS (klass);

  object_class->dispose = ms_discovery_page_dispose;
  page_class->shown = ms_discovery_page_shown;
  page_class->cancel = ms_discovery_page_cancel;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-discovery-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsDiscoveryPage, description);
  gtk_widget_class_bind_template_child (widget_class, MsDiscoveryPage, sources_group);
  gtk_widget_class_bind_template_child (widget_class, MsDiscoveryPage, status);
  gtk_widget_class_bind_template_child (widget_class, MsDiscoveryPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MsDiscoveryPage, skip_button);
  gtk_widget_class_bind_template_child (widget_class, MsDiscoveryPage, again_button);
  gtk_widget_class_bind_template_callback (widget_class, on_skip_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_again_clicked);
}

static void
ms_discovery_page_init (MsDiscoveryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ms_page_set_title (MS_PAGE (self), _("Looking for Your Provider"));

  for (MsSource s = MS_DISCOVERY_FIRST_SOURCE; s <= MS_DISCOVERY_LAST_SOURCE; s++)
    {
      self->rows[s] = MS_SOURCE_ROW (ms_source_row_new (s));
      adw_preferences_group_add (self->sources_group, GTK_WIDGET (self->rows[s]));
    }
  set_buttons (self);
}
