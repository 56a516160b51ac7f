"""The linkage centre's and the departments' workbench in the Wagtail admin: the case screens and
their forms (`views`, `forms`), the admin home panel (`dashboard`), what staff are told
(`notifications`) and the weekly digest (`digest`).
Templates: templates/participation/backoffice/."""
