"""The audit event types of negotiations (accord.audit): every action here records exactly one of them."""

from django.db import models


class NegotiationsEvent(models.TextChoices):
    AMENDMENT_TABLE = "amendment.table", "amendment table"
    COMMENT_POST = "comment.post", "comment post"
    DRAFT_ADOPT = "draft.adopt", "draft adopt"
    DRAFT_CREATE = "draft.create", "draft create"
    DRAFT_JOIN = "draft.join", "draft join"
    DRAFT_NEGOTIATION = "draft.negotiation", "draft negotiation"
    DRAFT_ROUND = "draft.round", "draft round"
    OPTION_ADD = "option.add", "option add"
    OPTION_EDIT = "option.edit", "option edit"
    OPTION_REMOVE = "option.remove", "option remove"
    PROPOSAL_MAKE = "proposal.make", "proposal make"
    PROVISION_ADD = "provision.add", "provision add"
    SILENCE_BREAK = "silence.break", "silence break"
    SILENCE_BREAK_REFUSED = "silence.break_refused", "silence break refused"
    SILENCE_OPEN = "silence.open", "silence open"
    SILENCE_SETTLE = "silence.settle", "silence settle"
    STANCE_SET = "stance.set", "stance set"
    TERM_EDIT = "term.edit", "term edit"
    TERM_LOAD = "term.load", "term load"
    TEXT_VERIFY = "text.verify", "text verify"
    TEXT_VERSION = "text.version", "text version"
    TEXT_WARNING_CLEAR = "text.warning_clear", "text warning clear"
