; regioLab Desk: the Windows installer (NSIS 3, Modern UI 2), built on Linux with Debian's
; makensis by scripts/package-windows.sh, which also installs and uninstalls it under Wine.
;
; Why our own script and not Tauri's NSIS bundler: Tauri's template needs its plugin
; nsis_tauri_utils.dll, which the bundler downloads from GitHub on every fresh machine; this
; script uses only what Debian's nsis package ships (MUI2, nsDialogs, System, LogicLib,
; FileFunc) and builds offline.
;
; What it does:
;   - Per user, no administrator rights (RequestExecutionLevel user): installs into
;     %LOCALAPPDATA%\Programs\regioLab Desk\ (the user's program folder, as Windows' own
;     per-user installs use) regiolab-desk.exe, WebView2Loader.dll (must sit beside the exe)
;     and regiolab.exe (the command line), plus uninstall.exe and install.log.
;   - German and English, chosen at the start (default: the Windows display language, German
;     if it is neither); silent installs: /LANG=de or /LANG=en.
;   - Start-menu entry "regioLab Desk" in the user's Programs folder; entry in Settings → Apps
;     (HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\regioLab Desk).
;   - WebView2 (the Edge engine the app draws its window with): checked as Tauri's own
;     installer does (EdgeUpdate client {F3017226-…} value "pv", machine-wide, then per user).
;     If it is missing the installer says what to do, downloads nothing, and installs anyway;
;     the app checks again when it starts. Silent: nothing shown, the note goes to the console
;     (if started from one), to install.log, and the exit code is 4.
;   - The uninstaller keeps the user's data (%LOCALAPPDATA%\regioLab Desk\desk.sqlite3 and
;     the rest of that folder) unless the user ticks "Auch meine Daten löschen" or, silent,
;     passes /PURGE. Never touched: exports in Documents\regioLab Desk, the sync passphrase in
;     the Windows credential store.
;
; Command line (NSIS's own switches are /S silent and /D=DIR, which must come last):
;   regiolab-desk_<version>_x64-setup.exe [/S] [/LANG=de|en] [/D=C:\Pfad\regioLab Desk]
;   "%LOCALAPPDATA%\Programs\regioLab Desk\uninstall.exe" [/S] [/PURGE]
; (/PURGE also deletes the data; interactive: the checkbox, ticked in advance by /PURGE.)
; Exit codes of the installer: 0 installed; 4 installed, but WebView2 is missing; 1 cancelled
; by the user; 2 aborted (e.g. the app is still running and silent mode cannot ask).
; The uninstaller copies itself to %TEMP% and returns at once (as every NSIS uninstaller does,
; so that it can delete its own folder): scripts that must wait for it cannot rely on its exit
; code or on `start /wait`; they wait until uninstall.exe is gone (under Wine: wineserver -w).
;
; Build (scripts/package-windows.sh does this):
;   makensis -DVERSION=0.1.0 -DSOURCE_DIR=/path/with/the/three/files \
;            -DOUTFILE=/path/regiolab-desk_0.1.0_x64-setup.exe src-tauri/packaging/windows/installer.nsi
; Optional: -DICON=/path/icon.ico (default: icons/icon.ico of the repository),
;           -DCOMPRESSOR=zlib (default lzma), -DVERSION_QUAD=0.1.0.0 (default VERSION.0).

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
; LZMA: the smallest installer (release). The test build passes -DCOMPRESSOR=zlib: 5 times
; faster to build from a debug exe (measured 6 s against 30 s for a 44 MB exe), 1.5 times bigger.
!ifndef COMPRESSOR
  !define COMPRESSOR lzma
!endif
SetCompressor /SOLID ${COMPRESSOR}

!ifndef VERSION
  !error "VERSION is missing: makensis -DVERSION=0.1.0 …"
!endif
!ifndef SOURCE_DIR
  !error "SOURCE_DIR is missing: makensis -DSOURCE_DIR=<folder with regiolab-desk.exe, regiolab.exe, WebView2Loader.dll> …"
!endif
!ifndef OUTFILE
  !define OUTFILE "regiolab-desk_${VERSION}_x64-setup.exe"
!endif
!ifndef ICON
  !define ICON "${__FILEDIR__}/../../../icons/icon.ico"
!endif
; Windows wants four numbers in the file's version resource; "0.1.0" becomes 0.1.0.0.
!ifndef VERSION_QUAD
  !define VERSION_QUAD "${VERSION}.0"
!endif

!define PRODUCT "regioLab Desk"
!define PUBLISHER "regioLab Desk"
!define APP_EXE "regiolab-desk.exe"
!define CLI_EXE "regiolab.exe"
!define LOADER_DLL "WebView2Loader.dll"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT}"
; The installer's own memory (install folder, language); not the app's data.
!define PRODUCTKEY "Software\${PRODUCT}"
; The app's data folder (%LOCALAPPDATA%\regioLab Desk) and Tauri's webview data of the app's
; identifier (%LOCALAPPDATA%\de.regiolab.desk\EBWebView: cache, local storage); /PURGE only.
!define DATA_DIR_NAME "regioLab Desk"
!define WEBVIEW_DATA_DIR_NAME "de.regiolab.desk"
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define EXIT_WEBVIEW2_MISSING 4

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include nsDialogs.nsh
!include x64.nsh

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
; An earlier install elsewhere (chosen with /D= or on the folder page) is updated in place.
InstallDirRegKey HKCU "${PRODUCTKEY}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} Setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "EUPL-1.2"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"

Var WebView2Version
Var PurgeData
Var PurgeCheckbox

; ---- Pages ------------------------------------------------------------------------------------
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
; The language chosen is remembered for the uninstaller and the next update.
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${PRODUCTKEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_LANGDLL_ALLLANGUAGES

!define MUI_LANGDLL_WINDOWTITLE "regioLab Desk"
!define MUI_LANGDLL_INFO "Sprache / Language"

; MUI's default welcome text speaks of replacing system files; a per-user install replaces none.
!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunApp)"
!define MUI_PAGE_CUSTOMFUNCTION_SHOW FinishShow
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPage un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

; German first: the fallback when Windows' language is neither.
!insertmacro MUI_LANGUAGE "German"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

; ---- Texts ------------------------------------------------------------------------------------
LangString WelcomeText ${LANG_GERMAN} "Dieser Assistent installiert regioLab Desk ${VERSION} für Ihr Benutzerkonto. Administratorrechte sind nicht nötig.$\r$\n$\r$\nVorhandene Daten bleiben erhalten.$\r$\n$\r$\nKlicken Sie auf Weiter, um fortzufahren."
LangString WelcomeText ${LANG_ENGLISH} "This wizard installs regioLab Desk ${VERSION} for your user account. No administrator rights are needed.$\r$\n$\r$\nExisting data is kept.$\r$\n$\r$\nClick Next to continue."
LangString RunApp ${LANG_GERMAN} "regioLab Desk starten"
LangString RunApp ${LANG_ENGLISH} "Start regioLab Desk"
LangString WebView2Missing ${LANG_GERMAN} "Microsoft Edge WebView2 fehlt. regioLab Desk braucht es, um sein Fenster anzuzeigen. Windows 11 bringt es mit; unter Windows 10 bitte über die IT oder https://go.microsoft.com/fwlink/p/?LinkId=2124703 installieren. regioLab Desk wird trotzdem installiert."
LangString WebView2Missing ${LANG_ENGLISH} "Microsoft Edge WebView2 is missing. regioLab Desk needs it to show its window. Windows 11 includes it; on Windows 10 please install it through your IT department or from https://go.microsoft.com/fwlink/p/?LinkId=2124703. regioLab Desk is installed anyway."
LangString WebView2Found ${LANG_GERMAN} "Microsoft Edge WebView2 gefunden:"
LangString WebView2Found ${LANG_ENGLISH} "Microsoft Edge WebView2 found:"
LangString AppRunning ${LANG_GERMAN} "regioLab Desk läuft noch (oder die Befehlszeile regiolab). Bitte beenden und dann „Wiederholen“ wählen."
LangString AppRunning ${LANG_ENGLISH} "regioLab Desk (or the regiolab command line) is still running. Please close it, then choose Retry."
LangString DataTitle ${LANG_GERMAN} "Ihre Daten"
LangString DataTitle ${LANG_ENGLISH} "Your data"
LangString DataSubtitle ${LANG_GERMAN} "Behalten oder löschen?"
LangString DataSubtitle ${LANG_ENGLISH} "Keep or delete?"
LangString DataText ${LANG_GERMAN} "Die Daten von regioLab Desk (Veranstaltungen, Personen, Anwesenheit) bleiben erhalten, damit eine spätere Installation sie wieder öffnet:$\r$\n$\r$\n$LOCALAPPDATA\${DATA_DIR_NAME}$\r$\n$\r$\nExporte im Ordner Dokumente werden nie gelöscht."
LangString DataText ${LANG_ENGLISH} "regioLab Desk's data (workshops, people, attendance) is kept, so that a later installation opens it again:$\r$\n$\r$\n$LOCALAPPDATA\${DATA_DIR_NAME}$\r$\n$\r$\nExports in the Documents folder are never deleted."
LangString DataPurge ${LANG_GERMAN} "Auch meine Daten löschen (kann nicht rückgängig gemacht werden)"
LangString DataPurge ${LANG_ENGLISH} "Also delete my data (cannot be undone)"
LangString DataKept ${LANG_GERMAN} "Daten bleiben erhalten:"
LangString DataKept ${LANG_ENGLISH} "Data kept:"
LangString DataDeleted ${LANG_GERMAN} "Daten gelöscht:"
LangString DataDeleted ${LANG_ENGLISH} "Data deleted:"

; ---- Helpers ----------------------------------------------------------------------------------
; Reads WebView2's version into $WebView2Version ("" when not installed), checking what Tauri's
; installer checks: the machine-wide EdgeUpdate client (32-bit registry view on 64-bit
; Windows), then the per-user one. "0.0.0.0" means a removed runtime (Microsoft's docs).
Function ReadWebView2Version
  ${If} ${RunningX64}
    ReadRegStr $WebView2Version HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${Else}
    ReadRegStr $WebView2Version HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $WebView2Version == ""
  ${OrIf} $WebView2Version == "0.0.0.0"
    ReadRegStr $WebView2Version HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $WebView2Version == "0.0.0.0"
    StrCpy $WebView2Version ""
  ${EndIf}
FunctionEnd

; Writes $0 and a line break to the console this installer was started from, if any
; (a silent install from cmd or PowerShell). Unicode when it is a console, else (output
; redirected to a file or pipe) in the ANSI code page.
Function WriteToConsole
  Push $1
  Push $2
  Push $3
  System::Call 'kernel32::AttachConsole(i -1) i .r1'
  System::Call 'kernel32::GetStdHandle(i -11) p .r1'
  ${If} $1 P<> 0
  ${AndIf} $1 P<> -1
    StrCpy $2 "$0$\r$\n"
    StrLen $3 $2
    System::Call 'kernel32::WriteConsoleW(p r1, w r2, i r3, *i 0, p 0) i .r3'
    ${If} $3 = 0
      FileWrite $1 $2
    ${EndIf}
  ${EndIf}
  Pop $3
  Pop $2
  Pop $1
FunctionEnd

; Stops with "close the app first" while one of the installed programs is running: Windows
; cannot overwrite or delete a running exe, and opening it for writing is how to find out
; (FileOpen "a" writes nothing). Silent: gives up with exit code 2.
!macro CheckNotRunning un
  Function ${un}CheckNotRunning
    Push $0
    retry:
    ClearErrors
    ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
      FileOpen $0 "$INSTDIR\${APP_EXE}" a
      ${IfNot} ${Errors}
        FileClose $0
      ${EndIf}
    ${EndIf}
    ${IfNot} ${Errors}
    ${AndIf} ${FileExists} "$INSTDIR\${CLI_EXE}"
      FileOpen $0 "$INSTDIR\${CLI_EXE}" a
      ${IfNot} ${Errors}
        FileClose $0
      ${EndIf}
    ${EndIf}
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(AppRunning)" /SD IDCANCEL IDRETRY retry
      SetErrorLevel 2
      Quit
    ${EndIf}
    Pop $0
  FunctionEnd
!macroend
!insertmacro CheckNotRunning ""
!insertmacro CheckNotRunning "un."

; ---- Install ----------------------------------------------------------------------------------
Function .onInit
  SetShellVarContext current
  ; /LANG=de|en chooses the language (silent installs, scripted installs); else ask.
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/LANG=" $R1
  ${If} ${Errors}
    !insertmacro MUI_LANGDLL_DISPLAY
  ${ElseIf} $R1 == "en"
    StrCpy $LANGUAGE ${LANG_ENGLISH}
  ${Else}
    StrCpy $LANGUAGE ${LANG_GERMAN}
  ${EndIf}
FunctionEnd

Section "regioLab Desk" SecApp
  SectionIn RO
  Call CheckNotRunning
  SetOutPath "$INSTDIR"
  File "${SOURCE_DIR}/${APP_EXE}"
  ; The MinGW build loads WebView2 through this DLL beside the exe; an MSVC build links the
  ; loader in and has none.
  !if /FileExists "${SOURCE_DIR}/${LOADER_DLL}"
    File "${SOURCE_DIR}/${LOADER_DLL}"
  !endif
  File "${SOURCE_DIR}/${CLI_EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${PRODUCTKEY}" "InstallDir" "$INSTDIR"
  ; MUI remembers the language only after its wizard; silent installs remember theirs too.
  WriteRegStr HKCU "${PRODUCTKEY}" "InstallerLanguage" $LANGUAGE
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$\"$INSTDIR\${APP_EXE}$\",0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" "$\"$INSTDIR\uninstall.exe$\""
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" "$\"$INSTDIR\uninstall.exe$\" /S"
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0

  ; WebView2: a note, never a download, never a stop.
  Call ReadWebView2Version
  FileOpen $R2 "$INSTDIR\install.log" w
  FileWriteUTF16LE /BOM $R2 "${PRODUCT} ${VERSION}$\r$\n"
  ${If} $WebView2Version == ""
    DetailPrint "$(WebView2Missing)"
    FileWriteUTF16LE $R2 "WebView2: $(WebView2Missing)$\r$\n"
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(WebView2Missing)" /SD IDOK
    ${If} ${Silent}
      StrCpy $0 "${PRODUCT}: $(WebView2Missing)"
      Call WriteToConsole
    ${EndIf}
    SetErrorLevel ${EXIT_WEBVIEW2_MISSING}
  ${Else}
    DetailPrint "$(WebView2Found) $WebView2Version"
    FileWriteUTF16LE $R2 "WebView2: $WebView2Version$\r$\n"
  ${EndIf}
  FileClose $R2
SectionEnd

; Without WebView2 the app can only say that it is missing: do not offer to start it.
Function FinishShow
  ${If} $WebView2Version == ""
    ${NSD_Uncheck} $mui.FinishPage.Run
  ${EndIf}
FunctionEnd

; ---- Uninstall --------------------------------------------------------------------------------
Function un.onInit
  SetShellVarContext current
  StrCpy $PurgeData 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    StrCpy $PurgeData 1
  ${EndIf}
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Function un.DataPage
  !insertmacro MUI_HEADER_TEXT "$(DataTitle)" "$(DataSubtitle)"
  nsDialogs::Create 1018
  Pop $0
  ${If} $0 == error
    Abort
  ${EndIf}
  ${NSD_CreateLabel} 0 0 100% 60% "$(DataText)"
  Pop $0
  ${NSD_CreateCheckbox} 0 70% 100% 12u "$(DataPurge)"
  Pop $PurgeCheckbox
  ${If} $PurgeData = 1
    ${NSD_Check} $PurgeCheckbox
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $PurgeCheckbox $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy $PurgeData 1
  ${Else}
    StrCpy $PurgeData 0
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Call un.CheckNotRunning
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${LOADER_DLL}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\install.log"
  Delete "$INSTDIR\uninstall.exe"
  ; Only if empty: files someone put there themselves stay.
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegValue HKCU "${PRODUCTKEY}" "InstallDir"
  DeleteRegValue HKCU "${PRODUCTKEY}" "InstallerLanguage"
  DeleteRegKey /ifempty HKCU "${PRODUCTKEY}"

  ${If} $PurgeData = 1
    RMDir /r "$LOCALAPPDATA\${DATA_DIR_NAME}"
    RMDir /r "$APPDATA\${DATA_DIR_NAME}"
    RMDir /r "$LOCALAPPDATA\${WEBVIEW_DATA_DIR_NAME}"
    RMDir /r "$APPDATA\${WEBVIEW_DATA_DIR_NAME}"
    DetailPrint "$(DataDeleted) $LOCALAPPDATA\${DATA_DIR_NAME}"
  ${Else}
    DetailPrint "$(DataKept) $LOCALAPPDATA\${DATA_DIR_NAME}"
  ${EndIf}
SectionEnd
