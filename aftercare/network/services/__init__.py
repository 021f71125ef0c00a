"""Services of the person's own tools; every one checks that the person keeps them and owns what she touches."""
from .entries import (add_entry, delete_history, get_entry, history_start, map_on, my_entries, remove_entry,
                      update_entry)
from .hard_times import hard_times, save_hard_times, sms_link
from .plan import (add_own_area, add_step, area_by_slug, delete_old_versions, get_step, get_version, mark_step,
                   plan_data, plan_of, remove_own_area, remove_step, save_area, update_step, versions)

__all__ = ["add_entry", "delete_history", "get_entry", "history_start", "map_on", "my_entries", "remove_entry",
           "update_entry", "hard_times", "save_hard_times", "sms_link", "add_own_area", "add_step",
           "area_by_slug", "delete_old_versions", "get_step", "get_version", "mark_step", "plan_data", "plan_of",
           "remove_own_area", "remove_step", "save_area", "update_step", "versions"]
