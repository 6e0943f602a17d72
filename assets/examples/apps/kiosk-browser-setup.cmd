@echo off
rem Example installer for the kiosk sample project: configures the kiosk browser.
mkdir "C:\Kiosk" 2>nul
echo configured > "C:\Kiosk\configured.txt"
exit /b 0
