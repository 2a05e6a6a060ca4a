# JupyterHub (Debian's 3.0) for a class: a login and a private home per
# student, the Go (sgdminima) kernel as the only kernel. Started by
# `sgdminima-classroom hub` (the image's command) after it has made the
# accounts from the roster; its settings come from the environment
# (docker/classroom.yaml). The state (database, cookie secret) is kept in
# CLASSROOM_STATE, the working folder.
#
# Who may log in: the members of the system group `classroom` (the students
# on the roster and the teacher), checked at each login, so that a student
# that `sgdminima-classroom sync` adds can log in at once, without a restart.
#
# What a student's server gets (ClassroomSpawner below):
#   - runs as the student, in their home (0700), with umask 077, from the
#     notebooks folder `exercises`, handed out before each start
#     (pre_spawn_hook);
#   - a memory limit per student: the hub sums the memory of all the
#     student's processes every second and kills the largest when the sum
#     is over (memory.py), and each process has the same limit as its
#     RLIMIT_DATA; a limit on processes and threads (RLIMIT_NPROC). Both
#     rlimits are set by the hub before it drops to the student's uid, so
#     the student cannot raise them;
#   - kernels on the ipc transport: their sockets are files in the
#     student's private runtime folder, not ports on 127.0.0.1;
#   - idle culling by the server itself: a kernel idle for the timeout is
#     shut down (also with a browser tab open), and then a server with no
#     kernel and no activity for the timeout stops (checked once a minute);
#     the hub notices within its poll interval.
import os
import resource
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exercises  # noqa: E402
import memory  # noqa: E402
from common import EXERCISES, FIRST_UID, LOGIN_GROUP, STATE, Settings  # noqa: E402

from jupyterhub.spawner import LocalProcessSpawner  # noqa: E402

c = get_config()  # noqa: F821
settings = Settings()
state = STATE

c.JupyterHub.ip = os.environ.get("CLASSROOM_BIND", "0.0.0.0")  # the container's; compose publishes it on 127.0.0.1
c.JupyterHub.port = int(os.environ.get("CLASSROOM_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("CLASSROOM_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%s" % os.environ.get("CLASSROOM_PROXY_API_PORT", "8001")
c.ConfigurableHTTPProxy.command = ["/usr/bin/configurable-http-proxy"]
c.JupyterHub.db_url = "sqlite:///" + os.path.join(state, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(state, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(state, "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # a restarted hub starts every student afresh

c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False  # pam_loginuid fails in a container; no session is needed
c.LocalAuthenticator.allowed_groups = {LOGIN_GROUP}
# The admin (JupyterHub's default admin role) sees every student, starts and
# stops their servers and may open them, to look at a student's work with
# them; students have none of that.
c.Authenticator.admin_users = {settings.teacher}

if settings.api_token:  # for scripts and the test: the hub's state, never a student's files
    c.JupyterHub.services = [{"name": "classroom-admin", "api_token": settings.api_token}]
    c.JupyterHub.load_roles = [{"name": "classroom-admin", "services": ["classroom-admin"],
                                "scopes": ["admin:users", "admin:servers", "list:users", "read:users"]}]


class ClassroomSpawner(LocalProcessSpawner):
    """A student's server as the student, with limits the student cannot raise."""

    def make_preexec_fn(self, name):
        drop_to_student = super().make_preexec_fn(name)
        limit, processes = settings.memory, settings.processes

        def preexec():
            os.umask(0o077)  # what a student writes outside their home (/tmp) is theirs alone
            if limit:
                # Private writable memory (heap, anonymous maps), per process:
                # the server and each kernel. An allocation beyond it fails;
                # the Go runtime then ends the kernel, which the server
                # restarts, and no other student notices.
                resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
            if processes:
                # Counted per uid: all the student's processes and threads.
                resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
            drop_to_student()

        return preexec


async def hand_out(spawner):
    report = await exercises.handout_async(spawner.user.name)
    log = spawner.log.warning if report["problem"] else spawner.log.info
    log("hand-out: %s", exercises.describe(spawner.user.name, report))


c.JupyterHub.spawner_class = ClassroomSpawner
if settings.memory:
    memory.watch(settings.memory, FIRST_UID)
c.Spawner.pre_spawn_hook = hand_out
c.Spawner.cmd = ["/usr/bin/jupyterhub-singleuser"]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/tree/" + EXERCISES
c.Spawner.environment = {
    "SGDMINIMA_FASHION_MNIST_DIR": os.environ.get("SGDMINIMA_FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"),
    "SGDMINIMA_MNIST_DIR": os.environ.get("SGDMINIMA_MNIST_DIR", "/usr/share/datasets/mnist"),
}
if os.environ.get("JUPYTER_PATH"):  # a kernelspec outside the system's folders (a hub run outside the image)
    c.Spawner.environment["JUPYTER_PATH"] = os.environ["JUPYTER_PATH"]
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 90
c.Spawner.poll_interval = 10
# On the command line, so that a student's own ~/.jupyter config cannot
# change them.
timeout = settings.idle_timeout
c.Spawner.args = [
    "--KernelSpecManager.ensure_native_kernel=False",
    "--KernelSpecManager.allowed_kernelspecs=sgdminima-go",
    "--MappingKernelManager.default_kernel_name=sgdminima-go",
    "--KernelManager.transport=ipc",
]
if timeout:
    c.Spawner.args += [
        f"--MappingKernelManager.cull_idle_timeout={timeout}",
        f"--MappingKernelManager.cull_interval={max(5, min(300, timeout // 2))}",
        "--MappingKernelManager.cull_connected=True",
        f"--NotebookApp.shutdown_no_activity_timeout={timeout}",
    ]
