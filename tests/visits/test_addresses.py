"""The reader's address comes from the proxy's header only when a trusted proxy sent the request, and is always a
valid IP address."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from portal.visits.addresses import UNKNOWN_ADDRESS, bound_address, client_address
from portal.visits.checks import client_address_settings


@pytest.fixture
def behind_proxies(settings):
    settings.PORTAL_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.8.0.0/16"]
    return settings


def address_of(remote, real_ip=None):
    extra = {"REMOTE_ADDR": remote}
    if real_ip is not None:
        extra["HTTP_X_REAL_IP"] = real_ip
    return client_address(RequestFactory().get("/", **extra))


@pytest.mark.parametrize(
    ("remote", "real_ip", "expected"),
    [
        ("127.0.0.1", "198.51.100.9", "198.51.100.9"),  # nginx on this machine
        ("::1", "2001:db8::7", "2001:db8::7"),
        ("10.8.3.4", "198.51.100.9", "198.51.100.9"),  # a network of proxies (CIDR)
        ("::ffff:127.0.0.1", "198.51.100.9", "198.51.100.9"),  # loopback seen through a dual-stack socket
        ("127.0.0.1", "  198.51.100.9 ", "198.51.100.9"),
        ("127.0.0.1", "2001:DB8:0::7", "2001:db8::7"),  # one spelling per address
        ("203.0.113.5", "198.51.100.9", "203.0.113.5"),  # anyone else: the header is ignored
        ("10.9.0.1", "198.51.100.9", "10.9.0.1"),
        ("127.0.0.1", "not-an-ip", "127.0.0.1"),  # garbage from the proxy: the socket's address
        ("127.0.0.1", "198.51.100.9, 203.0.113.5", "127.0.0.1"),
        ("127.0.0.1", "198.51.100.9:443", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", None, "127.0.0.1"),
        ("", "198.51.100.9", UNKNOWN_ADDRESS),  # no usable socket address: one shared placeholder
        ("unix:/run/portal.sock", None, UNKNOWN_ADDRESS),
    ],
)
def test_the_header_is_believed_only_from_a_trusted_proxy(behind_proxies, remote, real_ip, expected):
    assert address_of(remote, real_ip) == expected


def test_without_trusted_proxies_the_header_is_never_believed(settings):
    settings.PORTAL_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.PORTAL_TRUSTED_PROXIES = []
    assert address_of("127.0.0.1", "198.51.100.9") == "127.0.0.1"


def test_without_a_header_setting_the_socket_address_is_the_reader(settings):
    settings.PORTAL_CLIENT_ADDRESS_HEADER = ""
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1"]
    assert address_of("127.0.0.1", "198.51.100.9") == "127.0.0.1"


def test_the_environment_lists_proxies_comma_separated(settings):
    settings.PORTAL_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.PORTAL_TRUSTED_PROXIES = " 127.0.0.1 , 10.8.0.0/16,"
    assert address_of("10.8.1.1", "198.51.100.9") == "198.51.100.9"


def test_a_wrong_proxy_setting_is_reported(settings):
    settings.PORTAL_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1", "nginx.local"]
    with pytest.raises(ImproperlyConfigured, match="PORTAL_TRUSTED_PROXIES"):
        address_of("127.0.0.1")
    assert [problem.id for problem in client_address_settings(None)] == ["visits.E001"]


def test_a_header_without_trusted_proxies_is_a_warning(settings):
    settings.PORTAL_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.PORTAL_TRUSTED_PROXIES = []
    assert [problem.id for problem in client_address_settings(None)] == ["visits.W001"]
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    assert client_address_settings(None) == []


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("198.51.100.9", "198.51.100.9"),
        ("2001:db8:7:9::1", "2001:db8:7:9::/64"),
        ("2001:db8:7:9:abcd:1:2:3", "2001:db8:7:9::/64"),
        ("not-an-ip", UNKNOWN_ADDRESS),
    ],
)
def test_the_bound_counts_an_ipv6_network_as_one_address(address, counted_as):
    assert bound_address(address) == counted_as
