from django.urls import path

from helpdesk.realtime.consumers import LiveConsumer

websocket_urlpatterns = [path("ws/", LiveConsumer.as_asgi())]
