# Example installer script for the school-lab sample project.
# Runs as SYSTEM from the folder the package unpacks it to.
$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Force -Path 'C:\LabTools' | Out-Null
Set-Content -Path 'C:\LabTools\installed.txt' -Value "Installed by provisioning package on $(Get-Date -Format s)"
