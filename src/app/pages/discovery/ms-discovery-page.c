/* ms-discovery-page.c: "Looking for your provider" — every discovery source, live
 *
 * Discovery starts when the page is shown (so nothing touches the network before the
 * user pressed Continue on the first page) and the page moves on by itself when it is
 * done. The user may stop it (win.cancel, Escape) or skip it and enter the settings
 * by hand. When nothing was found because this computer is offline, it says so and
 * searches again by itself as soon as a network appears (ms-network-wait.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-discovery-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-discovery-page.h"
#include "ms-network-wait.h"
#include "ms-source-row.h"

struct _MsDiscoveryPage
{
  MsPage parent_instance;

  GtkLabel *description;
  AdwPreferencesGroup *sources_group;
  GtkLabel *status;
  GtkWidget *offline_box;
  GtkLabel *offline_message;
  GtkLabel *offline_fix;
  GtkWidget *details;
  GtkLabel *details_label;
  GtkWidget *cancel_button;
  GtkWidget *skip_button;
  GtkWidget *again_button;

  MsSourceRow *rows[MS_DISCOVERY_LAST_SOURCE + 1];

  MsDiscoveryOptions options;
  gboolean have_options;

  GCancellable *cancellable;   /* the run, while it runs */
  GCancellable *waiting;       /* offline: the wait for a network */
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


/* Offline (@problem) or not (NULL): the plain words instead of the list of places. */
static void
show_offline (MsDiscoveryPage *self,
              MsProblem       *problem)
{
  gtk_widget_set_visible (self->offline_box, problem != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->sources_group), problem == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->description), problem == NULL);
  gtk_button_set_label (GTK_BUTTON (self->again_button),
                        problem != NULL ? _("_Try Again") : _("Search _Again"));
  if (problem == NULL)
    return;
  gtk_label_set_text (self->offline_message, problem->message);
  gtk_label_set_text (self->offline_fix, problem->fix);
}

/* Each place and when it answered, for the Details expander. */
static void
update_details (MsDiscoveryPage *self,
                guint            total_ms)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (MsSource s = MS_DISCOVERY_FIRST_SOURCE; s <= MS_DISCOVERY_LAST_SOURCE; s++)
    {
      guint ms = ms_source_row_get_elapsed_ms (self->rows[s]);

      if (ms == G_MAXUINT)
        continue;
      /* TRANSLATORS: a place asked, and the milliseconds it took to answer */
      g_string_append_printf (text, _("%s: %u ms"), ms_source_get_title (s), ms);
      g_string_append_c (text, '\n');
    }
  /* TRANSLATORS: %.2f is the seconds the whole search took */
  g_string_append_printf (text, _("The search took %.2f s."), total_ms / 1000.0);
  gtk_label_set_text (self->details_label, text->str);
  gtk_widget_set_visible (self->details, TRUE);
}

static void start (MsDiscoveryPage *self);

static void
on_network_back (GtkWidget *page,
                 gboolean   visible)
{
  MsDiscoveryPage *self = MS_DISCOVERY_PAGE (page);

  if (visible)
    start (self);
  else
    self->finished = FALSE;
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
  MsProblem *problem;

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

      /* TRANSLATORS: %s is where the settings came from, e.g. "Thunderbird’s database" */
      text = g_strdup_printf (_("Found settings: %s."),
                              ms_source_get_title (ms_discovery_result_get_source (result)));
      gtk_label_set_text (self->status, text);
    }
  else if (ms_discovery_result_get_problem (result) != NULL)
    {
      /* why nothing was found, when that is known (the search ran out of time) */
      MsProblem *why = ms_discovery_result_get_problem (result);
      g_autofree char *text = g_strdup_printf ("%s %s", why->message, why->fix);

      gtk_label_set_text (self->status, text);
    }
  else
    gtk_label_set_text (self->status,
                        _("No settings were found. Continue to enter them yourself."));
  update_details (self, ms_discovery_result_get_elapsed_ms (result));

  ms_setup_set_discovery (setup, result);
  set_buttons (self);
  ms_page_set_busy (MS_PAGE (self), FALSE);
  ms_page_set_complete (MS_PAGE (self), TRUE);

  /* Not connected: say so, stay, and search again by itself when a network appears
   * (Continue still lets the user type the settings in). */
  problem = account == NULL ? ms_discovery_result_get_problem (result) : NULL;
  if (problem != NULL && problem->code == MS_PROBLEM_OFFLINE)
    {
      show_offline (self, problem);
      gtk_label_set_text (self->status, _("Mail Setup searches again by itself as soon as this "
                                          "computer is connected."));
      ms_network_wait_start (&self->waiting, GTK_WIDGET (self), on_network_back);
      return;
    }
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
  ms_network_wait_stop (&self->waiting);
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
  show_offline (self, NULL);
  gtk_widget_set_visible (self->details, FALSE);
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
  ms_network_wait_stop (&self->waiting);
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
      /* (Offline, it stays: it says so and waits for a network.) */
      if (self->finished && ms_page_get_complete (page) && self->waiting == NULL)
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
  ms_network_wait_stop (&self->waiting);
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
  gtk_widget_class_bind_template_child (widget_class, MsDiscoveryPage, offline_box);
  gtk_widget_class_bind_template_child (widget_class, MsDiscoveryPage, offline_message);
  gtk_widget_class_bind_template_child (widget_class, MsDiscoveryPage, offline_fix);
  gtk_widget_class_bind_template_child (widget_class, MsDiscoveryPage, details);
  gtk_widget_class_bind_template_child (widget_class, MsDiscoveryPage, details_label);
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
