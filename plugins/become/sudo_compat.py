"""The `sudo` become method, also for sudo-rs (the sudo of Ubuntu 25.10 and later).

sudo-rs wraps the prompt Ansible asks for (`-p`) in its own text,
``[sudo: [sudo via ansible, key=...] password:] Password:``, and says "Authentication failed,
try again." where sudo says "Sorry, try again.". ansible-core 2.19's sudo plugin only
recognises a line that starts with its prompt, so with a become password every task times out
waiting for one. ansible-core fixed this after 2.20 (ansible/ansible#86175), in releases that
need Python 3.12 on the controller; until the controller tools move there, this is the built-in
plugin with both prompts and both refusals recognised. Its options are the built-in's.
"""

from __future__ import annotations

from ansible.module_utils.common.text.converters import to_bytes
from ansible.plugins.become.sudo import BecomeModule as SudoBecomeModule

DOCUMENTATION = """
    name: sudo_compat
    short_description: sudo, also where sudo is sudo-rs
    description:
        - The built-in C(sudo) become method; the password prompt is also recognised where
          sudo-rs prints it, inside its own text, and so is sudo-rs's wrong-password message.
    author: Mail Tracker
    options:
        become_user:
            description: User you 'become' to execute the task
            default: root
            ini:
              - section: privilege_escalation
                key: become_user
            vars:
              - name: ansible_become_user
            env:
              - name: ANSIBLE_BECOME_USER
            keyword:
              - name: become_user
        become_exe:
            description: Sudo executable
            default: sudo
            ini:
              - section: privilege_escalation
                key: become_exe
            vars:
              - name: ansible_become_exe
            env:
              - name: ANSIBLE_BECOME_EXE
            keyword:
              - name: become_exe
        become_flags:
            description: Options to pass to sudo
            default: -H -S -n
            ini:
              - section: privilege_escalation
                key: become_flags
            vars:
              - name: ansible_become_flags
            env:
              - name: ANSIBLE_BECOME_FLAGS
            keyword:
              - name: become_flags
        become_pass:
            description: Password to pass to sudo
            required: false
            vars:
              - name: ansible_become_password
              - name: ansible_become_pass
            env:
              - name: ANSIBLE_BECOME_PASS
        sudo_chdir:
            description: Directory to change to before invoking sudo.
            type: string
            required: false
            vars:
              - name: ansible_sudo_chdir
            env:
              - name: ANSIBLE_SUDO_CHDIR
"""


class BecomeModule(SudoBecomeModule):
    name = "sudo_compat"
    fail = (*SudoBecomeModule.fail, "Authentication failed, try again.")

    def check_password_prompt(self, b_output: bytes) -> bool:
        if not self.prompt:
            return False
        b_prompt = to_bytes(self.prompt).strip()
        return any(b_prompt in line for line in b_output.splitlines())
