<#
    The package route, as a user takes it: tools/Build-Package.ps1 (what build.ps1 -Task Package runs) publishes the
    built module to a temporary local repository; Install-PSResource -Scope CurrentUser installs it; a fresh pwsh
    imports it by name and replays the seed session against Start-FtpLiteServer from the installed copy;
    Update-PSResource moves to a newer build (a copy of the module stamped with the next version); and
    Uninstall-PSResource leaves nothing behind.

    Every install, publish, registration and import runs in a child pwsh whose HOME, XDG folders, TMPDIR and PSModulePath
    point into one temporary folder, so the real user's modules and repository list are never touched. Linux and
    macOS only: on Windows the CurrentUser scope is the Documents folder, which no environment variable moves.
#>
Describe 'The FtpLite package' -Skip:$IsWindows {
    BeforeAll {
        Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
        Import-FtpLiteUnderTest
        # Invoke-Tool (a child process with its environment, output and a time-out) and Get-PwshLaunch.
        . (Join-Path (Get-FtpLiteRepoRoot) 'bench/lib/Processes.ps1')

        $repoRoot = Get-FtpLiteRepoRoot
        $moduleDir = Split-Path -Parent (Get-Module FtpLite).Path
        $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $moduleDir 'FtpLite.psd1')
        $version = $manifest.ModuleVersion
        $current = [version]$version
        $newerVersion = [version]::new($current.Major, $current.Minor, [Math]::Max($current.Build, 0) + 1).ToString()
        $repositoryName = 'FtpLitePackageTest'

        # The isolated user: everything a child can write outside the folders it is given lands under $isolated.
        $isolated = New-TestFolder -Prefix 'ftplite-package'
        $isolatedHome = Join-Path $isolated 'home'
        $isolatedTemp = Join-Path $isolated 'tmp'
        $dataHome = Join-Path $isolatedHome '.local/share'
        $userModules = Join-Path $dataHome 'powershell/Modules'
        # .NET gives no data folder while it does not exist (PSResourceGet would then write into the working folder).
        $null = New-Item -ItemType Directory -Path $dataHome, $isolatedTemp
        $repository = (New-Item -ItemType Directory -Path (Join-Path $isolated 'repository')).FullName
        $packages = (New-Item -ItemType Directory -Path (Join-Path $isolated 'packages')).FullName
        $scripts = (New-Item -ItemType Directory -Path (Join-Path $isolated 'scripts')).FullName
        $work = (New-Item -ItemType Directory -Path (Join-Path $isolated 'work')).FullName

        # The real user's state, to show it unchanged at the end.
        $realUserState = {
            $store = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet/PSResourceRepository.xml'
            $installed = Join-Path ([Environment]::GetFolderPath('UserProfile')) '.local/share/powershell/Modules/FtpLite'
            [pscustomobject]@{
                Store     = if (Test-Path -LiteralPath $store) { Get-TestFileHash $store } else { 'absent' }
                Installed = Test-Path -LiteralPath $installed
            }
        }
        $realUserBefore = & $realUserState

        function Invoke-IsolatedPwsh {
            <#
                Runs a script block in a fresh pwsh as the isolated user and returns its exit code, output and the object
                it reports with Write-Result (one line 'FTPLITE-RESULT <json>'). Bounded: killed after two minutes.
            #>
            param([Parameter(Mandatory)] [scriptblock] $ScriptBlock, [string[]] $ArgumentList = @())
            $file = Join-Path $scripts "step-$([guid]::NewGuid().ToString('n')).ps1"
            $prelude = '$ErrorActionPreference = ''Stop''; Set-StrictMode -Version Latest; ' +
                'function Write-Result($Value) { ''FTPLITE-RESULT '' + (ConvertTo-Json -InputObject $Value -Compress -Depth 6) }'
            Set-Content -LiteralPath $file -Value "$prelude`n& {`n$ScriptBlock`n} @args"

            # 'dotnet pwsh' cannot find its tool with another HOME; Get-PwshLaunch starts PowerShell's own entry point.
            $launch = Get-PwshLaunch
            $environment = @{
                HOME            = $isolatedHome
                XDG_DATA_HOME   = $dataHome
                XDG_CONFIG_HOME = Join-Path $isolatedHome '.config'
                XDG_CACHE_HOME  = Join-Path $isolatedHome '.cache'
                TMPDIR          = $isolatedTemp
                # The inherited path names the real user's module folder; pwsh adds its shared and PSHOME folders.
                PSModulePath    = $userModules
                FTPLITE_MODULE  = ''
            }
            $arguments = @($launch | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $file) + $ArgumentList
            $run = Invoke-Tool -FilePath $launch[0] -ArgumentList $arguments -WorkingDirectory $work -Environment $environment -TimeoutSec 120
            $output = "$($run.Stdout)`n$($run.Stderr)".Trim()
            if ($run.TimedOut) { throw "The isolated pwsh did not finish within two minutes:`n$output" }
            $line = @($run.Stdout -split "`r?`n" | Where-Object { $_.StartsWith('FTPLITE-RESULT ') }) | Select-Object -Last 1
            [pscustomobject]@{
                ExitCode = $run.ExitCode
                Output   = $output
                Result   = if ($line) { $line.Substring('FTPLITE-RESULT '.Length) | ConvertFrom-Json } else { $null }
            }
        }

        function Get-PackageEntries {
            <# The files of a .nupkg by path, with their SHA-256, leaving out what NuGet adds (nuspec, _rels, ...). #>
            param([string] $Path)
            $nugetParts = '^(_rels/|package/services/|\[Content_Types\]\.xml$|FtpLite\.nuspec$)'
            $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
            try {
                $entries = [ordered]@{}
                foreach ($entry in $zip.Entries | Where-Object { $_.Name -and $_.FullName -notmatch $nugetParts } | Sort-Object FullName) {
                    $stream = $entry.Open()
                    try { $entries[$entry.FullName] = [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($stream)) }
                    finally { $stream.Dispose() }
                }
                $entries
            }
            finally {
                $zip.Dispose()
            }
        }

        function Read-PackageEntry {
            <# One entry of a .nupkg as text. #>
            param([string] $Path, [string] $Name)
            $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
            try {
                $reader = [System.IO.StreamReader]::new($zip.GetEntry($Name).Open())
                try { $reader.ReadToEnd() } finally { $reader.Dispose() }
            }
            finally {
                $zip.Dispose()
            }
        }

        function ConvertTo-CanonicalJson {
            <# JSON of manifest data with the keys of every hashtable sorted, so two equal manifests give equal text. #>
            param($Value)
            $sort = {
                param($Item)
                if ($Item -is [System.Collections.IDictionary]) {
                    $sorted = [ordered]@{}
                    foreach ($key in $Item.Keys | Sort-Object) { $sorted[$key] = & $sort $Item[$key] }
                    $sorted
                }
                else { $Item }
            }
            ConvertTo-Json -InputObject (& $sort $Value) -Depth 8
        }

        function Get-ChangelogNotes {
            <# The text of the '## [<Version>]' section of a changelog, read here independently of Build-Package.ps1. #>
            param([string] $Path, [string] $Version)
            $text = (Get-Content -Raw -LiteralPath $Path) -replace '\r\n', "`n"
            if ($text -notmatch "(?ms)^## \[$([regex]::Escape($Version))\][^\n]*\n(.*?)(?=^## |\z)") { throw "No section $Version in $Path." }
            $Matches[1].Trim()
        }

        # What the module folder holds, as the package must: relative path -> SHA-256; the manifest is checked apart.
        $moduleFiles = [ordered]@{}
        foreach ($file in Get-ChildItem -LiteralPath $moduleDir -Recurse -File | Sort-Object FullName) {
            $moduleFiles[[System.IO.Path]::GetRelativePath($moduleDir, $file.FullName).Replace('\', '/')] = Get-TestFileHash $file.FullName
        }
        $moduleFiles['LICENSE'] = Get-TestFileHash (Join-Path $repoRoot 'LICENSE')

        # The newer build: a copy of the module stamped with the next version, and a changelog with a section for it.
        $newerModule = Join-Path $isolated 'newer/FtpLite'
        $null = New-Item -ItemType Directory -Path $newerModule
        Get-ChildItem -LiteralPath $moduleDir -Force | Copy-Item -Destination $newerModule -Recurse
        $newerManifest = Join-Path $newerModule 'FtpLite.psd1'
        (Get-Content -Raw -LiteralPath $newerManifest) -replace "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'", "`$1'$newerVersion'" |
            Set-Content -LiteralPath $newerManifest -NoNewline
        $newerChangelog = Join-Path $isolated 'CHANGELOG.md'
        (Get-Content -Raw -LiteralPath (Join-Path $repoRoot 'CHANGELOG.md')) -replace '(?m)^## \[Unreleased\][ \t]*$',
            "## [Unreleased]`n`n## [$newerVersion] - 2026-12-31`n`n### Fixed`n`n- The newer build Package.Tests.ps1 updates to." |
            Set-Content -LiteralPath $newerChangelog -NoNewline

        $buildPackage = Join-Path $repoRoot 'tools/Build-Package.ps1'
        $package = Join-Path $packages "FtpLite.$version.nupkg"
        $installedBase = Join-Path $userModules "FtpLite/$version"
        $newerBase = Join-Path $userModules "FtpLite/$newerVersion"

        # The seed session's files: made here, compared here, byte for byte.
        $serverRoot = (New-Item -ItemType Directory -Path (Join-Path $work 'server')).FullName
        $clientFolder = (New-Item -ItemType Directory -Path (Join-Path $work 'client')).FullName
        $example1 = New-TestFile -Path (Join-Path $work 'source/example1.txt') -Length 1024 -Seed 11
        $example2 = New-TestFile -Path (Join-Path $work 'source/example2.jpg') -Length 2048 -Seed 12

        # Changelogs that must stop the newer build: one without its section, one with an empty section.
        $missingChangelog = Join-Path $isolated 'changelog-missing.md'
        $emptyChangelog = Join-Path $isolated 'changelog-empty.md'
        $older = "## [$version] - 2026-12-02`n`n- Before.`n"
        Set-Content -LiteralPath $missingChangelog -Value "# Changelog`n`n## [Unreleased]`n`n$older"
        Set-Content -LiteralPath $emptyChangelog -Value "# Changelog`n`n## [Unreleased]`n`n## [$newerVersion] - 2026-12-31`n`n$older"

        # One child, as a user would: registers the temporary repository, tries the refused packages, publishes the
        # package and installs it. (Every child start costs seconds; the tests below read what it reports.)
        $published = Invoke-IsolatedPwsh -ScriptBlock {
            param($RepositoryName, $Repository, $BuildPackage, $ModuleDir, $Packages, $NewerModule, $MissingChangelog, $EmptyChangelog)
            Register-PSResourceRepository -Name $RepositoryName -Uri $Repository -Trusted
            $refused = foreach ($changelog in $MissingChangelog, $EmptyChangelog) {
                try { $null = & $BuildPackage -ModulePath $NewerModule -DestinationPath $Packages -Repository $RepositoryName -ChangelogPath $changelog; 'packaged' }
                catch { $_.Exception.Message }
            }
            $package = & $BuildPackage -ModulePath $ModuleDir -DestinationPath $Packages -Repository $RepositoryName
            Install-PSResource -Name FtpLite -Repository $RepositoryName -Scope CurrentUser -TrustRepository
            $installed = @(Get-InstalledPSResource -Name FtpLite -Scope CurrentUser)
            Write-Result @{
                Refused      = @($refused)
                Package      = $package.FullName
                Repositories = @(Get-PSResourceRepository | ForEach-Object Name)
                Installed    = @($installed | ForEach-Object { @{ Version = $_.Version.ToString(); Location = $_.InstalledLocation } })
            }
        } -ArgumentList $repositoryName, $repository, $buildPackage, $moduleDir, $packages, $newerModule, $missingChangelog, $emptyChangelog
    }

    AfterAll {
        Clear-FtpLiteTestState
    }

    It 'is published by tools/Build-Package.ps1 to the temporary local repository, the same file in -DestinationPath' {
        $published.ExitCode | Should -Be 0 -Because $published.Output
        $published.Result.Package | Should -BeExactly $package
        @(Get-ChildItem -LiteralPath $repository).Name | Should -Be @("FtpLite.$version.nupkg")
        Get-TestFileHash (Join-Path $repository "FtpLite.$version.nupkg") | Should -Be (Get-TestFileHash $package)
        # Only the temporary repository was named; the default list of a new user is PSGallery.
        $published.Result.Repositories | Sort-Object | Should -Be (@('PSGallery', $repositoryName) | Sort-Object)
    }

    It 'holds exactly the built module''s files and LICENSE, byte for byte: no pdb, test or bench file' {
        $entries = Get-PackageEntries $package

        @($entries.Keys) | Should -Be @($moduleFiles.Keys | Sort-Object)
        foreach ($name in $moduleFiles.Keys | Where-Object { $_ -ne 'FtpLite.psd1' }) {
            $entries[$name] | Should -Be $moduleFiles[$name] -Because $name
        }
        @($entries.Keys) -match '\.pdb$|Tests|bench|/$' | Should -BeNullOrEmpty
    }

    It 'carries the built manifest unchanged but for ReleaseNotes, the changelog''s section for the version' {
        $packaged = Join-Path $isolated 'packaged.psd1'
        Read-PackageEntry $package 'FtpLite.psd1' | Set-Content -LiteralPath $packaged -NoNewline
        $data = Import-PowerShellDataFile -LiteralPath $packaged

        $data.PrivateData.PSData.ReleaseNotes | Should -BeExactly (Get-ChangelogNotes (Join-Path $repoRoot 'CHANGELOG.md') $version)
        $data.PrivateData.PSData.Remove('ReleaseNotes')
        ConvertTo-CanonicalJson $data | Should -BeExactly (ConvertTo-CanonicalJson $manifest)
    }

    It 'has the manifest''s metadata in its nuspec, complete and true' {
        $nuspec = ([xml](Read-PackageEntry $package 'FtpLite.nuspec')).package.metadata
        $psData = $manifest.PrivateData.PSData

        $nuspec.id | Should -BeExactly 'FtpLite'
        $nuspec.version | Should -BeExactly $version
        $nuspec.authors | Should -BeExactly $manifest.Author
        $nuspec.authors | Should -Not -BeNullOrEmpty
        $nuspec.description | Should -BeExactly $manifest.Description
        $nuspec.description | Should -Not -BeNullOrEmpty
        $nuspec.copyright | Should -BeExactly $manifest.Copyright
        $nuspec.copyright | Should -Match 'MIT'
        $nuspec.tags -split ' ' | Should -Be (@('PSModule') + $psData.Tags)
        $nuspec.releaseNotes | Should -BeExactly (Get-ChangelogNotes (Join-Path $repoRoot 'CHANGELOG.md') $version)
        # Addresses only when the manifest has real ones; never a placeholder host.
        foreach ($pair in @(@('projectUrl', 'ProjectUri'), @('licenseUrl', 'LicenseUri'))) {
            $url = $nuspec.SelectSingleNode("*[local-name()='$($pair[0])']")
            if ($psData.ContainsKey($pair[1])) { $url.InnerText | Should -BeExactly $psData[$pair[1]] } else { $url | Should -BeNullOrEmpty }
        }
        Read-PackageEntry $package 'FtpLite.nuspec' | Should -Not -Match '\.invalid|example\.'
    }

    It 'has the version of the manifest in its assemblies (one place holds the version)' {
        foreach ($name in 'FtpLite.dll', 'FtpLite.PowerShell.dll') {
            [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $moduleDir $name)).Version |
                Should -Be ([version]::new($current.Major, $current.Minor, [Math]::Max($current.Build, 0), 0)) -Because $name
        }
    }

    It 'is installed by Install-PSResource -Scope CurrentUser into the isolated user''s module folder' {
        $published.Result.Installed | Should -HaveCount 1
        $published.Result.Installed[0].Version | Should -BeExactly $version
        $published.Result.Installed[0].Location | Should -BeExactly $userModules
        # AWSSDK.*: what -S3Bucket needs, loaded only then.
        foreach ($name in 'FtpLite.dll', 'FtpLite.PowerShell.dll', 'AWSSDK.Core.dll', 'AWSSDK.S3.dll', 'LICENSE') {
            Get-TestFileHash (Join-Path $installedBase $name) | Should -Be $moduleFiles[$name] -Because $name
        }
    }

    It 'is imported by name in a fresh pwsh, which replays the seed session against Start-FtpLiteServer from the installed copy' {
        $seed = Invoke-IsolatedPwsh -ArgumentList $serverRoot, $clientFolder, $example1.FullName, $example2.FullName -ScriptBlock {
            param($ServerRoot, $ClientFolder, $Example1, $Example2)
            Import-Module FtpLite
            $server = Start-FtpLiteServer -Root $ServerRoot -Port 0
            try {
                $session = Connect-FtpLite -Port $server.Port
                $uploaded = @(Send-FtpLiteFile -Path $Example1, $Example2)
                $listing = @(Get-FtpLiteItem | Sort-Object Name | ForEach-Object { "$($_.Name) - $($_.Length) bytes" })
                Push-Location -LiteralPath $ClientFolder
                try { $downloaded = Receive-FtpLiteFile example1.txt } finally { Pop-Location }
                Remove-FtpLiteItem example2.jpg
                $afterRemove = @(Get-FtpLiteItem | ForEach-Object Name)
                Disconnect-FtpLite
                Write-Result @{
                    ModuleBase   = (Get-Module FtpLite).ModuleBase
                    ServerFrom   = (Get-Command Start-FtpLiteServer).DLL
                    Connected    = $session.UserName
                    Uploaded     = @($uploaded | ForEach-Object FullName)
                    Listing      = $listing
                    Downloaded   = $downloaded.FullName
                    AfterRemove  = $afterRemove
                    SessionState = $session.State.ToString()
                }
            }
            finally {
                $server | Stop-FtpLiteServer
            }
        }

        $seed.ExitCode | Should -Be 0 -Because $seed.Output
        $seed.Result.ModuleBase | Should -BeExactly $installedBase
        $seed.Result.ServerFrom | Should -BeExactly (Join-Path $installedBase 'FtpLite.PowerShell.dll')
        $seed.Result.Connected | Should -BeExactly 'anonymous'
        $seed.Result.Uploaded | Should -Be @('/example1.txt', '/example2.jpg')
        $seed.Result.Listing | Should -Be @('example1.txt - 1024 bytes', 'example2.jpg - 2048 bytes')
        $seed.Result.Downloaded | Should -BeExactly (Join-Path $clientFolder 'example1.txt')
        $seed.Result.AfterRemove | Should -Be @('example1.txt')
        $seed.Result.SessionState | Should -BeExactly 'Closed'
        Get-TestFileHash (Join-Path $clientFolder 'example1.txt') | Should -Be (Get-TestFileHash $example1.FullName)
        Get-TestFileHash (Join-Path $serverRoot 'example1.txt') | Should -Be (Get-TestFileHash $example1.FullName)
        @(Get-ChildItem -LiteralPath $serverRoot -Force).Name | Should -Be @('example1.txt')
    }

    It 'is not made when the changelog has no section for the version, or an empty one; the error names the cause' {
        $escaped = [regex]::Escape($newerVersion)
        $published.Result.Refused[0] | Should -Match "changelog-missing\.md has 0 sections '## \[$escaped\]' for version $escaped.+Add '## \[$escaped\] - <date>'"
        $published.Result.Refused[1] | Should -Match "The '## \[$escaped\]' section of .+changelog-empty\.md is empty"
        # Made nowhere: the newer build reaches the repository only in the Update-PSResource test below.
        Join-Path $packages "FtpLite.$newerVersion.nupkg" | Should -Not -Exist
        @(Get-ChildItem -LiteralPath $repository).Name | Should -Be @("FtpLite.$version.nupkg")
    }

    It 'moves to a newer build with Update-PSResource, which a fresh pwsh then imports by name' {
        $updated = Invoke-IsolatedPwsh -ArgumentList $repositoryName, $buildPackage, $newerModule, $packages, $newerChangelog -ScriptBlock {
            param($RepositoryName, $BuildPackage, $NewerModule, $Packages, $Changelog)
            $null = & $BuildPackage -ModulePath $NewerModule -DestinationPath $Packages -Repository $RepositoryName -ChangelogPath $Changelog
            Update-PSResource -Name FtpLite -Repository $RepositoryName -Scope CurrentUser -TrustRepository
            Write-Result @{ Installed = @(Get-InstalledPSResource -Name FtpLite -Scope CurrentUser | ForEach-Object { $_.Version.ToString() } | Sort-Object) }
        }
        $updated.ExitCode | Should -Be 0 -Because $updated.Output
        $updated.Result.Installed | Should -Be @($version, $newerVersion)

        $imported = Invoke-IsolatedPwsh -ScriptBlock {
            Import-Module FtpLite
            $module = Get-Module FtpLite
            Write-Result @{ Version = $module.Version.ToString(); ModuleBase = $module.ModuleBase; Cmdlets = $module.ExportedCmdlets.Count }
        }
        $imported.ExitCode | Should -Be 0 -Because $imported.Output
        $imported.Result.Version | Should -BeExactly $newerVersion
        $imported.Result.ModuleBase | Should -BeExactly $newerBase
        $imported.Result.Cmdlets | Should -Be $manifest.CmdletsToExport.Count
    }

    It 'is removed by Uninstall-PSResource, every version, leaving nothing behind' {
        $removed = Invoke-IsolatedPwsh -ScriptBlock {
            Uninstall-PSResource -Name FtpLite -Version '*' -Scope CurrentUser
            Write-Result @{ Installed = @(Get-InstalledPSResource -Name FtpLite -Scope CurrentUser -ErrorAction Ignore).Count }
        }

        $removed.ExitCode | Should -Be 0 -Because $removed.Output
        $removed.Result.Installed | Should -Be 0
        @(Get-ChildItem -LiteralPath $userModules -Force) | Should -BeNullOrEmpty
        # Nothing of FtpLite anywhere the isolated user could write: no module, no staging or repository folder left.
        @(Get-ChildItem -LiteralPath $isolatedHome, $isolatedTemp -Recurse -Force | Where-Object Name -like '*ftplite*').FullName |
            Should -BeNullOrEmpty
    }

    It 'never touched the real user''s modules or repository list' {
        & $realUserState | ConvertTo-Json | Should -BeExactly ($realUserBefore | ConvertTo-Json)
    }
}
