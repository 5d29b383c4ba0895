"""A workshop hub on one machine: JupyterHub for a room of participants and a trainer.

- :mod:`m4d.hub.settings`: what a workshop hub needs to know (address, folders, names);
- :mod:`m4d.hub.passwords`: the shared participant password and the trainer's password;
- :mod:`m4d.hub.accounts`: one system account per participant, created on first login;
- :mod:`m4d.hub.authenticator`: the workshop password login, which never lets anyone
  in as a system account that the hub did not create;
- :mod:`m4d.hub.exchange`: nbgrader's exchange folder, and a collect step that
  refuses a submission filed under somebody else's name;
- :mod:`m4d.hub.roles`: what a participant's and the trainer's servers load (nbgrader
  student or instructor, the course folder of the trainer);
- :mod:`m4d.hub.config`: the JupyterHub configuration built from the settings;
- :mod:`m4d.hub.link`: the nbgitpuller link that delivers the course notebooks;
- :mod:`m4d.hub.cli`: the ``m4d hub`` command.
"""
