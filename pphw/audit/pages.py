"""The pages and exports that the record-access log names, in plain words."""

from __future__ import annotations

PAGES: dict[str, str] = {
    "person": "Record summary",
    "person_edit": "Edit details",
    "person_history": "Change history of details",
    "person_print": "Record printed for a meeting",
    "conversation": "Conversation",
    "conversation_create": "Record a conversation",
    "conversation_edit": "Edit a conversation",
    "outcome": "Outcome",
    "outcome_create": "Add an outcome",
    "outcome_edit": "Edit an outcome",
    "outcome_history": "Change history of an outcome",
    "step_create": "Add a small step",
    "step_edit": "Edit a small step",
    "review": "Review",
    "review_create": "Review an outcome",
    "conversation_entered_in_error": "Mark a conversation entered in error",
    "outcome_entered_in_error": "Mark an outcome entered in error",
    "step_entered_in_error": "Mark a small step entered in error",
    "conversation_move": "Move a conversation recorded against the wrong person",
    "outcome_move": "Move an outcome recorded against the wrong person",
    "person_invite": "Invite to their own record",
    "person_close": "Close the record",
    "disposal_request": "Ask for the record to be disposed of",
    "disposal_decide": "Decide on disposing of the record",
    "person_reopen": "Reopen the record",
    "person_revoke_access": "Revoke their login",
    "export": "Download of all the data",
    "own_history": "What changed (their own pages)",
    "own_plan": "Their plan, to print",
    "report": "Team report: overdue list and stories",
    "report_csv_reviews": "Team report download: reviews",
    "report_csv_overdue": "Team report download: outcomes overdue, with names",
    "report_csv_review_list": "Team report download: every review, with names and stories",
    "report_csv_categories": "Team report download: outcomes by category",
    "report_csv_lifecycle": "Team report download: outcomes by status",
    "report_csv_achievement": "Team report download: outcomes by progress",
    "report_csv_distance": "Team report download: distance travelled",
    "report_csv_experience": "Team report download: how people experience support",
    "report_csv_steps": "Team report download: small steps completed",
    "report_csv_services": "Team report download: local services the small steps used",
    "report_csv_gaps": "Team report download: categories with no local service",
}


def page_label(code: str) -> str:
    return PAGES.get(code, code.replace("_", " ").capitalize())
