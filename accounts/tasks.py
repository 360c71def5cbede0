from celery import shared_task

from . import services


@shared_task(name="accounts.send_password_reset")
def send_password_reset(email_address: str) -> int:
    return services.send_password_reset(email_address=email_address)
