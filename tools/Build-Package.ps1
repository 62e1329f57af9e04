<#
.SYNOPSIS
    Packs a built FtpLite module into <DestinationPath>/FtpLite.<version>.nupkg with Publish-PSResource.
.DESCRIPTION
    Stages a copy of the built module (-ModulePath, the folder build.ps1 -Task Build makes) with LICENSE added and
    the CHANGELOG.md section of the module's version as the manifest's ReleaseNotes, publishes the copy to a local
    file repository, and keeps the .nupkg in -DestinationPath. The package holds exactly the staged files.

    -Repository names a registered repository to publish to (the Package test passes its temporary one). Without
    it, a temporary local file repository is registered for this run only and unregistered afterwards. Either way
    the repository is passed explicitly, so nothing is ever sent to a remote repository.

    Stops, naming the cause, when CHANGELOG.md has no section for the version or the section is empty.
.EXAMPLE
    ./tools/Build-Package.ps1 -ModulePath ./out/FtpLite -DestinationPath ./out
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $DestinationPath,
    [string] $ChangelogPath = (Join-Path $PSScriptRoot '../CHANGELOG.md'),
    [string] $LicensePath = (Join-Path $PSScriptRoot '../LICENSE'),
    [string] $Repository
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module Microsoft.PowerShell.PSResourceGet -MinimumVersion 1.2.0

function Get-PackageVersion {
    <# The version NuGet gives the package: ModuleVersion with three or more parts, then -Prerelease if any. #>
    param([hashtable] $Manifest)
    $parts = [System.Collections.Generic.List[string]]($Manifest.ModuleVersion -split '\.')
    while ($parts.Count -lt 3) { $parts.Add('0') }
    if ($parts.Count -eq 4 -and $parts[3] -eq '0') { $parts.RemoveAt(3) }
    $version = $parts -join '.'
    $psData = $Manifest.PrivateData.PSData
    if ($psData.ContainsKey('Prerelease') -and $psData.Prerelease) { $version += "-$($psData.Prerelease)" }
    $version
}

function Get-ChangelogSection {
    <# The text under '## [<Version>]' in a Keep a Changelog file, up to the next '## ' heading. #>
    param([string] $Path, [string] $Version)
    if (-not (Test-Path -LiteralPath $Path)) { throw "There is no changelog at '$Path'; the release notes are taken from it." }
    $lines = @(Get-Content -LiteralPath $Path)
    $heading = '^## \[' + [regex]::Escape($Version) + '\]'
    $start = @(0..($lines.Count - 1) | Where-Object { $lines[$_] -match $heading })
    if ($start.Count -ne 1) {
        throw "$Path has $($start.Count) sections '## [$Version]' for version $Version; it needs exactly one. " +
            "Add '## [$Version] - <date>' with what changed (Keep a Changelog style) before packaging."
    }

    $section = [System.Collections.Generic.List[string]]::new()
    for ($i = $start[0] + 1; $i -lt $lines.Count -and $lines[$i] -notmatch '^## '; $i++) { $section.Add($lines[$i]) }
    $text = ($section -join "`n").Trim()
    if (-not $text) { throw "The '## [$Version]' section of $Path is empty; write what changed in $Version before packaging." }
    $text
}

function Set-ManifestReleaseNotes {
    <# Writes ReleaseNotes into PrivateData.PSData of a manifest that has none, and checks it reads back unchanged. #>
    param([string] $Path, [string] $ReleaseNotes)
    $text = [System.IO.File]::ReadAllText($Path)
    $psDataLine = [regex]::Matches($text, '(?m)^(?<indent>[ \t]*)PSData\s*=\s*@\{[ \t]*\r?$')
    if ($psDataLine.Count -ne 1) { throw "$Path needs exactly one line 'PSData = @{' to take the release notes." }
    $escaped = [System.Management.Automation.Language.CodeGeneration]::EscapeSingleQuotedStringContent($ReleaseNotes)
    $line = "`n$($psDataLine[0].Groups['indent'].Value)    ReleaseNotes = '$escaped'"
    $text = $text.Insert($psDataLine[0].Index + $psDataLine[0].Length, $line)
    [System.IO.File]::WriteAllText($Path, $text, [System.Text.UTF8Encoding]::new($false))
    if ((Import-PowerShellDataFile -LiteralPath $Path).PrivateData.PSData.ReleaseNotes -cne $ReleaseNotes) {
        throw "The release notes written into $Path do not read back as written."
    }
}

$manifestFile = Get-ChildItem -LiteralPath $ModulePath -Filter *.psd1 -File
if (@($manifestFile).Count -ne 1) { throw "'$ModulePath' must hold exactly one module manifest (.psd1); build the module first (build.ps1 -Task Build)." }
$manifest = Import-PowerShellDataFile -LiteralPath $manifestFile.FullName
if ($manifest.PrivateData.PSData.ContainsKey('ReleaseNotes')) {
    throw "$($manifestFile.Name) has its own ReleaseNotes; remove them from module/$($manifestFile.Name): they are taken from CHANGELOG.md."
}
$name = $manifestFile.BaseName
$version = Get-PackageVersion $manifest
$releaseNotes = Get-ChangelogSection -Path $ChangelogPath -Version $version
if (-not (Test-Path -LiteralPath $LicensePath)) { throw "There is no license file at '$LicensePath'; the package carries it." }

$scratch = Join-Path ([System.IO.Path]::GetTempPath()) "ftplite-package-$([guid]::NewGuid().ToString('n'))"
$stage = Join-Path $scratch $name
$temporaryRepository = $null
try {
    $null = New-Item -ItemType Directory -Path $stage
    Get-ChildItem -LiteralPath $ModulePath -Force | Copy-Item -Destination $stage -Recurse
    Copy-Item -LiteralPath $LicensePath -Destination (Join-Path $stage 'LICENSE')
    Set-ManifestReleaseNotes -Path (Join-Path $stage $manifestFile.Name) -ReleaseNotes $releaseNotes

    if (-not $Repository) {
        $temporaryRepository = "$name-package-$([guid]::NewGuid().ToString('n'))"
        $folder = New-Item -ItemType Directory -Path (Join-Path $scratch 'repository')
        Register-PSResourceRepository -Name $temporaryRepository -Uri $folder.FullName -Trusted
        $Repository = $temporaryRepository
    }

    $null = New-Item -ItemType Directory -Force -Path $DestinationPath
    $package = Join-Path (Resolve-Path -LiteralPath $DestinationPath).ProviderPath "$name.$version.nupkg"
    # Publish-PSResource keeps an existing file of the same name rather than replace it.
    Remove-Item -LiteralPath $package -ErrorAction Ignore
    Publish-PSResource -Path $stage -Repository $Repository -DestinationPath (Split-Path $package)
    if (-not (Test-Path -LiteralPath $package)) { throw "Publish-PSResource did not write $package." }
    Get-Item -LiteralPath $package
}
finally {
    if ($temporaryRepository) { Unregister-PSResourceRepository -Name $temporaryRepository -ErrorAction Continue }
    Remove-Item -LiteralPath $scratch -Recurse -Force -ErrorAction Ignore
}
