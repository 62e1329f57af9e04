#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Row 8 of the benchmark: what a user's one-off script pays. Run in a fresh pwsh process and timed from
    outside: Import-Module, Connect-FtpLite, one upload and one download of a small file, Disconnect-FtpLite.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [int] $Port,
    [Parameter(Mandatory)] [string] $User,
    [Parameter(Mandatory)] [string] $Password,
    [Parameter(Mandatory)] [string] $Local,
    [Parameter(Mandatory)] [string] $Remote,
    [Parameter(Mandatory)] [string] $Download
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$credential = [pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force))
$null = Connect-FtpLite -Port $Port -Credential $credential
$null = Send-FtpLiteFile -Path $Local -Destination $Remote -Force
$null = Receive-FtpLiteFile -Path $Remote -Destination $Download -Force
Disconnect-FtpLite
