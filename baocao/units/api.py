"""PLACEHOLDER — replaced by the implementation."""

from fastapi import APIRouter

router = APIRouter()
