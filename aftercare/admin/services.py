"""Platform administration: account kinds, professional verification, disabling, helplines."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import audit, policy
from ..accounts.labels import EMPLOYER_KINDS
from ..accounts.models import Invitation, Role, User, UserRole
from ..accounts.passwords import hash_password, password_problem
from ..accounts.services import USERNAME_RE, clean_display_name, end_other_login_sessions
from ..core.models import Helpline
from ..exceptions import NotFound, PermissionDenied, ValidationFailed
from ..extensions import db
from ..timeutil import utcnow


def list_accounts(actor, page=1, per_page=50):
    """Accounts for the admin list: names and kinds only. Raises PermissionDenied."""
    if not policy.can_manage_accounts(actor):
        raise PermissionDenied()
    return db.paginate(select(User).order_by(User.created_at.desc()), page=page, per_page=per_page,
                       error_out=False)


def get_account(actor, user_id):
    """An account, for an admin. Raises NotFound, PermissionDenied."""
    if not policy.can_manage_accounts(actor):
        raise PermissionDenied()
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound()
    return user


def _admin_count(excluding=None):
    query = (select(func.count()).select_from(UserRole).join(User, User.id == UserRole.user_id)
             .where(UserRole.role == Role.ADMIN, User.is_disabled.is_(False)))
    if excluding is not None:
        query = query.where(User.id != excluding.id)
    return db.session.scalar(query)


def _is_group_member(user):
    from ..groups.models import Membership

    return db.session.scalar(select(Membership.id).where(Membership.user_id == user.id,
                                                         Membership.status == "active").limit(1)) is not None


def set_roles(actor, user, roles):
    """Give the account exactly these kinds, and record who added and removed which.

    Raises PermissionDenied (not an admin, or their own account: nobody changes their own kinds),
    ValidationFailed (unknown or no kind, the last admin, a staff kind for a group member)."""
    if policy.is_admin(actor) and user is not None and user.id == actor.id:
        raise PermissionDenied(_l("Nobody changes their own account kinds. Ask another administrator."))
    if not policy.can_change_roles_of(actor, user):
        raise PermissionDenied()
    try:
        wanted = {Role(value) for value in roles}
    except ValueError:
        raise ValidationFailed(_l("Unknown account kind."), field="roles")
    if not wanted:
        raise ValidationFailed(_l("An account needs at least one kind."), field="roles")
    if Role.ADMIN in user.roles and Role.ADMIN not in wanted and not _admin_count(excluding=user):
        raise ValidationFailed(_l("This is the only admin. Make someone else an admin first."), field="roles")
    added, removed = wanted - user.roles, user.roles - wanted
    if added & policy.STAFF_KINDS and _is_group_member(user):
        raise ValidationFailed(_l("Group members hold no admin, coordinator or professional kind. This person "
                                  "leaves their groups first, or uses a separate account for that work."),
                               field="roles")
    if not added and not removed:
        return
    for row in list(user.role_rows):
        if row.role in removed:
            user.role_rows.remove(row)
    for role in added:
        user.role_rows.append(UserRole(role=role))
    if Role.PROFESSIONAL not in wanted:
        user.professional_verified_at = None
    if Role.COUNCIL_COORDINATOR not in wanted:
        user.organisation = None
    params = {f"+{role.value}": True for role in added}
    params.update({f"-{role.value}": True for role in removed})
    audit.record("admin.roles_changed", actor=actor, subject_user_id=user.id, params=params)
    db.session.commit()


def set_council_organisation(actor, user, organisation):
    """Verify a council coordinator with the organisation a main person is shown (an empty organisation
    withdraws the verification: they coordinate no council until verified again). Raises PermissionDenied,
    ValidationFailed."""
    if not policy.can_verify_council_coordinator(actor, user):
        raise PermissionDenied()
    organisation = " ".join((organisation or "").split())
    if len(organisation) > 120:
        raise ValidationFailed(_l("The organisation is too long (at most 120 characters)."), field="organisation")
    user.organisation = organisation or None
    audit.record("admin.verified_council", actor=actor, subject_user_id=user.id,
                 params={"verified": bool(organisation)})
    db.session.commit()


def set_professional_verified(actor, user, verified, profession=None, employer_kind=None):
    """Verify a professional with their profession and kind of employer (or withdraw the verification).
    Verifying an already verified professional updates the two. Raises PermissionDenied, ValidationFailed."""
    if not policy.can_verify_professional(actor, user):
        raise PermissionDenied()
    if verified:
        profession = " ".join((profession or "").split())
        if not profession:
            raise ValidationFailed(_l("Write the professional's profession."), field="profession")
        if len(profession) > 80:
            raise ValidationFailed(_l("The profession is too long (at most 80 characters)."), field="profession")
        if employer_kind not in EMPLOYER_KINDS:
            raise ValidationFailed(_l("Choose the kind of employer."), field="employer_kind")
        user.profession, user.employer_kind = profession, employer_kind
        if user.professional_verified_at is None:
            user.professional_verified_at = utcnow()
    else:
        user.professional_verified_at = None
    params = {"verified": bool(verified)}
    if verified:
        params["employer_kind"] = employer_kind
    audit.record("admin.verified", actor=actor, subject_user_id=user.id, params=params)
    db.session.commit()


def set_disabled(actor, user, disabled):
    """Disable or enable an account; disabling ends all its logins at once. Raises PermissionDenied,
    ValidationFailed."""
    if not policy.can_disable_account(actor, user):
        raise PermissionDenied()
    if disabled and Role.ADMIN in user.roles and not _admin_count(excluding=user):
        raise ValidationFailed(_l("This is the only admin. Make someone else an admin first."))
    user.is_disabled = bool(disabled)
    audit.record("admin.disabled" if disabled else "admin.enabled", actor=actor, subject_user_id=user.id)
    db.session.flush()
    if disabled:
        end_other_login_sessions(user)
    db.session.commit()


def list_invitations(actor, limit=100):
    """The newest invitations, referrals' left out, for an admin. Raises PermissionDenied."""
    if not policy.can_create_invitation(actor):
        raise PermissionDenied()
    from ..referrals.models import Referral

    # A referral's invitation belongs to the professional and the person; the admin list leaves it out.
    is_referral = select(Referral.id).where(Referral.invitation_id == Invitation.id).exists()
    return db.session.scalars(select(Invitation).where(~is_referral)
                              .order_by(Invitation.created_at.desc()).limit(limit)).all()


def get_invitation(actor, invitation_id):
    """An invitation that is not a referral's, for an admin. Raises NotFound, PermissionDenied."""
    if not policy.can_create_invitation(actor):
        raise PermissionDenied()
    from ..referrals.models import Referral

    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or db.session.scalar(select(Referral.id).where(Referral.invitation_id == invitation.id)):
        raise NotFound()
    return invitation


def create_admin(username, display_name, password):
    """Create an admin account from the command line. Raises ValidationFailed."""
    username = (username or "").strip().lower()
    if not USERNAME_RE.match(username):
        raise ValidationFailed(_l("A user name has 3 to 40 characters: letters a–z, digits, dot, dash "
                                  "or underscore."), field="username")
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ValidationFailed(_l("This user name is taken. Choose another."), field="username")
    problem = password_problem(password, username=username, display_name=display_name)
    if problem:
        raise ValidationFailed(problem, field="password")
    user = User(username=username, display_name=clean_display_name(display_name or username),
                password_hash=hash_password(password))
    user.role_rows = [UserRole(role=Role.ADMIN)]
    db.session.add(user)
    db.session.commit()
    return user


# --- helplines ---

def list_helplines():
    return db.session.scalars(select(Helpline).order_by(Helpline.position, Helpline.id)).all()


def get_helpline(actor, helpline_id):
    """A helpline, for an admin. Raises NotFound, PermissionDenied."""
    if not policy.can_edit_helplines(actor):
        raise PermissionDenied()
    helpline = db.session.get(Helpline, helpline_id)
    if helpline is None:
        raise NotFound()
    return helpline


def save_helpline(actor, helpline, *, name_en, name_nb, phone, description_en, description_nb, position):
    """Create (helpline=None) or update a helpline. Raises PermissionDenied, ValidationFailed."""
    if not policy.can_edit_helplines(actor):
        raise PermissionDenied()
    name_en, name_nb, phone = (name_en or "").strip(), (name_nb or "").strip(), (phone or "").strip()
    if not name_en or not name_nb:
        raise ValidationFailed(_l("Give the name in both languages."), field="name_en")
    if not phone or len(phone) > 30 or not any(ch.isdigit() for ch in phone):
        raise ValidationFailed(_l("Give a phone number."), field="phone")
    if helpline is None:
        helpline = Helpline()
        db.session.add(helpline)
    helpline.name_en, helpline.name_nb, helpline.phone = name_en, name_nb, phone
    helpline.description_en = (description_en or "").strip()
    helpline.description_nb = (description_nb or "").strip()
    helpline.position = int(position or 0)
    helpline.is_default = False
    db.session.commit()
    return helpline


def delete_helpline(actor, helpline):
    """An admin removes a helpline. Raises PermissionDenied."""
    if not policy.can_edit_helplines(actor):
        raise PermissionDenied()
    db.session.delete(helpline)
    db.session.commit()
