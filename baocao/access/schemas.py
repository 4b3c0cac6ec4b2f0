"""Request and response bodies of the auth and users API. Secrets are ``SecretStr``: never echoed."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, SecretStr

from baocao.access.models import AccountKind, ScopeMode
from baocao.access.rules import Role


class UnitRef(BaseModel):
    code: str
    name: str


class MembershipOut(BaseModel):
    id: int
    unit: UnitRef
    role: Role
    capture_scope: ScopeMode
    view_scope: ScopeMode
    sector_scope: bool
    granted_at: datetime
    granted_by: str | None


class UserOut(BaseModel):
    username: str
    full_name: str
    email: str | None
    kind: AccountKind
    unit: UnitRef
    is_active: bool
    locked: bool = Field(description="Đang tạm khóa do đăng nhập sai / locked after failed logins")
    last_login_at: datetime | None
    created_at: datetime
    memberships: list[MembershipOut]


class UserCreate(BaseModel):
    username: str = Field(min_length=3, max_length=64, examples=["hanoi.viewer"])
    unit: str = Field(description="Mã đơn vị / unit code, e.g. 01, 00004, BYT", examples=["01"])
    full_name: str = Field("", max_length=200)
    email: str | None = Field(None, max_length=200)
    kind: AccountKind = AccountKind.PERSON
    role: Role | None = Field(None, description="Vai trò tại đơn vị đó / a first role at that unit")
    password: SecretStr | None = Field(None, description="Bỏ trống: chưa đăng nhập bằng mật khẩu được")


class UserUpdate(BaseModel):
    full_name: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=200)
    is_active: bool | None = None
    unlock: bool = False
    password: SecretStr | None = None


class MembershipCreate(BaseModel):
    unit: str = Field(examples=["00004"])
    role: Role
    capture_scope: ScopeMode | None = Field(None, description="Mặc định: đơn vị / default: the unit")
    view_scope: ScopeMode | None = Field(
        None, description="Mặc định: đơn vị và cấp dưới (toàn quốc tại CP, VPCP) / default: subtree"
    )
    sector_scope: bool | None = Field(None, description="Mặc định: có, cho bộ / default: yes at ministries")


class MeOut(BaseModel):
    user: UserOut
    auth: Literal["session", "token"]
    csrf_token: str | None = Field(None, description="Gửi trong X-CSRF-Token / send as X-CSRF-Token")
    permissions: list[str]
    regimes: list[str] | None = Field(None, description="Chế độ mà mã API được phép / token's regimes")


class LoginOut(BaseModel):
    user: UserOut
    csrf_token: str
    expires_at: datetime


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


class TokenInfo(BaseModel):
    id: int
    name: str
    prefix: str
    regimes: list[str] | None
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
