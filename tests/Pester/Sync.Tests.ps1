<#
    Sync-FtpLiteItem against FtpLite's own server, both directions: trees with spaces, unicode, brackets, empty
    folders and zero-byte files; file<->folder swaps; a second sync that transfers nothing; -Delete with
    -WhatIf; the delete threshold with -Force; filters; a failed file. The peers (vsftpd, pyftpdlib) are in
    SyncPeers.Tests.ps1; Ctrl+C and a folder the server refuses to list in tests/FtpLite.Tests/Cmdlets/SyncCmdletTests.cs.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    $cmdlet = 'FtpLite.PowerShell.Cmdlets.SyncFtpLiteItemCommand'

    function New-SyncTree {
        param([Parameter(Mandatory)] [string] $Root)
        $files = [ordered]@{
            'index.html'                   = 1200
            'a b/ünï cödé [1].txt'         = 300
            'a b/zero.bin'                 = 0
            'css/site.css'                 = 2048
            'deep/x/y/z [2].dat'           = 70000
            'Ελληνικά 日本語/ファイル.txt' = 15
        }
        $seed = 1
        foreach ($name in $files.Keys) {
            $null = New-TestFile -Path (Join-Path $Root $name) -Length $files[$name] -Seed ($seed++)
        }
        $null = New-Item -ItemType Directory -Path (Join-Path $Root 'empty folder'), (Join-Path $Root 'deep/empty [3]')

        # Times well in the past: a sync that dropped them would give the target today's, and differ.
        Get-ChildItem -LiteralPath $Root -Recurse -File | ForEach-Object { $_.LastWriteTimeUtc = [datetime]::new(2025, 3, 4, 5, 6, 7, 890, [DateTimeKind]::Utc) }
    }

    # A tree as text: one line per folder ("d path") and file ("f path hash"), sorted, so two trees compare as strings.
    function Get-TreeText {
        param([Parameter(Mandatory)] [string] $Root)
        $rootPath = (Get-Item -LiteralPath $Root).FullName
        @(Get-ChildItem -LiteralPath $rootPath -Recurse -Force | ForEach-Object {
                $relative = [System.IO.Path]::GetRelativePath($rootPath, $_.FullName)
                if ($_.PSIsContainer) { "d $relative" } else { "f $relative $(Get-TestFileHash $_.FullName)" }
            } | Sort-Object -CaseSensitive) -join "`n"
    }

    function Get-Summary { param($Output) @($Output)[-1] }
    function Get-Actions { param($Output) @(@($Output) | Where-Object { $_ -is [FtpLite.Sync.SyncResult] }) }
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'Sync-FtpLiteItem against FtpLite''s server' {
    BeforeEach {
        Disconnect-AllFtpLite
        $serverRoot = New-TestFolder -Prefix 'ftplite-sync-srv'
        $server = Start-TestServer -Root $serverRoot
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
        $local = New-TestFolder -Prefix 'ftplite-sync-local'
        New-SyncTree $local
        $remoteDisk = Join-Path $serverRoot 'www'
    }

    It 'uploads a whole tree, then a second sync transfers nothing' {
        $first = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ErrorAction Stop

        Get-TreeText $remoteDisk | Should -BeExactly (Get-TreeText $local)
        $summary = Get-Summary $first
        $summary | Should -BeOfType FtpLite.Sync.SyncSummary
        $summary.Uploaded | Should -Be 6
        $summary.FoldersCreated | Should -Be 8
        $summary.BytesTransferred | Should -Be (1200 + 300 + 2048 + 70000 + 15)
        $summary.Succeeded | Should -BeTrue
        (Get-Actions $first).Action | Sort-Object -Unique | Should -Be 'Upload'

        $second = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ErrorAction Stop

        $actions = Get-Actions $second
        $actions | Should -HaveCount 6
        $actions.Action | Sort-Object -Unique | Should -Be 'Skip'
        $actions.SkipReason | Sort-Object -Unique | Should -Be 'Unchanged'
        (Get-Summary $second).Uploaded | Should -Be 0
        (Get-Summary $second).BytesTransferred | Should -Be 0
    }

    It 'keeps the local times on the server (MFMT), to the second' {
        $time = [datetime]::new(2024, 2, 29, 13, 14, 15, [DateTimeKind]::Utc)
        Get-ChildItem -LiteralPath $local -Recurse -File | ForEach-Object { $_.LastWriteTimeUtc = $time.AddMilliseconds(678) }

        $null = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ErrorAction Stop

        Get-ChildItem -LiteralPath $remoteDisk -Recurse -File | ForEach-Object { $_.LastWriteTimeUtc | Should -Be $time }
    }

    It 'downloads a whole tree into a new folder, then a second sync transfers nothing' {
        $null = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ErrorAction Stop
        $down = Join-Path (New-TestFolder -Prefix 'ftplite-sync-down') 'new [folder]'

        $first = Sync-FtpLiteItem -LiteralPath $down -RemotePath /www -Direction Download -ErrorAction Stop
        $second = Sync-FtpLiteItem -LiteralPath $down -RemotePath /www -Direction Download -ErrorAction Stop

        Get-TreeText $down | Should -BeExactly (Get-TreeText $local)
        (Get-Summary $first).Downloaded | Should -Be 6
        (Get-Actions $second).Action | Sort-Object -Unique | Should -Be 'Skip'
        (Get-Summary $second).Downloaded | Should -Be 0
    }

    It 'replaces a file by a folder and a folder by a file, both ways' {
        $null = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ErrorAction Stop
        Remove-Item -LiteralPath (Join-Path $local 'css/site.css')
        $null = New-TestFile -Path (Join-Path $local 'css/site.css/inner.txt') -Length 10 -Seed 90
        Remove-Item -LiteralPath (Join-Path $local 'deep/x') -Recurse
        $null = New-TestFile -Path (Join-Path $local 'deep/x') -Length 20 -Seed 91

        $output = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ErrorAction Stop

        Get-TreeText $remoteDisk | Should -BeExactly (Get-TreeText $local)
        $replaced = @(Get-Actions $output | Where-Object Reason -Like '*replaces*')
        $replaced.RelativePath | Sort-Object | Should -Be @('css/site.css', 'deep/x')

        # And back again, downloading onto a copy that still has the old shapes.
        $down = New-TestFolder -Prefix 'ftplite-sync-swap'
        New-SyncTree $down
        $null = Sync-FtpLiteItem -LiteralPath $down -RemotePath /www -Direction Download -Delete -Force -ErrorAction Stop
        Get-TreeText $down | Should -BeExactly (Get-TreeText $local)
    }

    It '-Delete -WhatIf deletes nothing; -Delete then deletes what is only on the target, after the transfers' {
        $null = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ErrorAction Stop
        Remove-Item -LiteralPath (Join-Path $local 'index.html')
        Remove-Item -LiteralPath (Join-Path $local 'empty folder')
        $null = New-TestFile -Path (Join-Path $local 'new.txt') -Length 5 -Seed 92
        $before = Get-TreeText $remoteDisk

        $dry = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -Delete -WhatIf

        Get-TreeText $remoteDisk | Should -BeExactly $before
        @(Get-Actions $dry | Where-Object Action -NE 'Skip') | Should -HaveCount 0

        $output = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -Delete -ErrorAction Stop

        Get-TreeText $remoteDisk | Should -BeExactly (Get-TreeText $local)
        $done = @(Get-Actions $output | Where-Object Action -NE 'Skip')
        $done.Action | Should -Be @('Upload', 'Delete', 'Delete')
        (Get-Summary $output).Deleted | Should -Be 2
    }

    It 'without -Delete keeps what is only on the target and reports it' {
        $null = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ErrorAction Stop
        Remove-Item -LiteralPath (Join-Path $local 'index.html')

        $output = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ErrorAction Stop

        Join-Path $remoteDisk 'index.html' | Should -Exist
        $kept = @(Get-Actions $output | Where-Object SkipReason -EQ 'OnlyOnTarget')
        $kept.RelativePath | Should -Be 'index.html'
    }

    It 'asks before removing more than -DeleteThreshold of the target: no means nothing removed and an error; -Force goes ahead' {
        $null = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ErrorAction Stop
        Remove-Item -LiteralPath (Join-Path $local 'deep'), (Join-Path $local 'a b'), (Join-Path $local 'index.html') -Recurse
        $null = New-TestFile -Path (Join-Path $local 'new.txt') -Length 5 -Seed 93

        $refused = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -Delete -ErrorAction SilentlyContinue -ErrorVariable failures
        $succeeded = $?

        $succeeded | Should -BeFalse
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "FtpLite.SyncDeleteThresholdExceeded,$cmdlet"
        Join-Path $remoteDisk 'index.html' | Should -Exist
        Join-Path $remoteDisk 'new.txt' | Should -Exist
        @(Get-Actions $refused | Where-Object SkipReason -EQ 'DeleteThresholdExceeded') | Should -HaveCount 3

        $null = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -Delete -Force -ErrorAction Stop

        Get-TreeText $remoteDisk | Should -BeExactly (Get-TreeText $local)
    }

    It '-DeleteThreshold 100 removes without asking' {
        $null = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ErrorAction Stop
        Get-ChildItem -LiteralPath $local -Force | Remove-Item -Recurse

        $null = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -Delete -DeleteThreshold 100 -ErrorAction Stop

        @(Get-ChildItem -LiteralPath $remoteDisk -Force) | Should -HaveCount 0
    }

    It '-Exclude leaves excluded items alone on both sides; -Include narrows the files' {
        $null = New-TestFile -Path (Join-Path $local 'debug.log') -Length 3
        $null = New-TestFile -Path (Join-Path $remoteDisk 'server.log') -Length 4

        $null = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -Delete -Force -Exclude '*.log', 'deep' -ErrorAction Stop

        Join-Path $remoteDisk 'debug.log' | Should -Not -Exist
        Join-Path $remoteDisk 'server.log' | Should -Exist
        Join-Path $remoteDisk 'deep' | Should -Not -Exist
        Join-Path $remoteDisk 'index.html' | Should -Exist

        $down = New-TestFolder -Prefix 'ftplite-sync-include'
        $null = Sync-FtpLiteItem -LiteralPath $down -RemotePath /www -Direction Download -Include '*.css', 'a b/*' -ErrorAction Stop
        @(Get-ChildItem -LiteralPath $down -Recurse -File | ForEach-Object Name | Sort-Object) | Should -Be @('site.css', 'ünï cödé [1].txt', 'zero.bin')
    }

    It '-ThrottleLimit 4 gives the same tree' {
        $null = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ThrottleLimit 4 -ErrorAction Stop

        Get-TreeText $remoteDisk | Should -BeExactly (Get-TreeText $local)
    }

    It '-CompareBy Hash sends a file whose content changed but not its size or time' {
        $null = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ErrorAction Stop
        $file = Get-Item -LiteralPath (Join-Path $local 'css/site.css')
        $time = $file.LastWriteTimeUtc
        [System.IO.File]::WriteAllBytes($file.FullName, (New-TestBytes -Length 2048 -Seed 77))
        $file.LastWriteTimeUtc = $time

        $bySize = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ErrorAction Stop
        (Get-Summary $bySize).Uploaded | Should -Be 0
        $byHash = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -CompareBy Hash -ErrorAction Stop

        (Get-Actions $byHash | Where-Object Action -EQ 'Upload').RelativePath | Should -Be 'css/site.css'
        Get-TreeText $remoteDisk | Should -BeExactly (Get-TreeText $local)
    }

    It 'a file that fails is a non-terminating error and a Failed result; the others go on and $? is false' {
        # A name FTP cannot carry: a line feed in it.
        $null = New-TestFile -Path (Join-Path $local "bad`nname.txt") -Length 1

        $output = Sync-FtpLiteItem -LiteralPath $local -RemotePath /www -Direction Upload -ErrorAction SilentlyContinue -ErrorVariable failures
        $succeeded = $?

        $succeeded | Should -BeFalse
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Match "^FtpLite\.\w+,$cmdlet$"
        $failed = @(Get-Actions $output | Where-Object Action -EQ 'Failed')
        $failed.RelativePath | Should -Be "bad`nname.txt"
        (Get-Summary $output).Failed | Should -Be 1
        (Get-Summary $output).Uploaded | Should -Be 6
        (Get-Summary $output).Succeeded | Should -BeFalse
    }

    It 'a missing source is an error naming it; a local path naming several folders is refused' {
        Sync-FtpLiteItem -LiteralPath (Join-Path $local 'missing') -RemotePath /www -Direction Upload -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "FtpLite.LocalFileNotFound,$cmdlet"

        Sync-FtpLiteItem -LiteralPath $local -RemotePath /nothing-here -Direction Download -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "FtpLite.RemoteItemNotFound,$cmdlet"

        Sync-FtpLiteItem -Path (Join-Path $local '*') -RemotePath /www -Direction Upload -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "FtpLite.SyncPathNotUnique,$cmdlet"
    }
}

Describe 'Sync-FtpLiteItem against <Peer> <Note>' -ForEach @(
    @{ Peer = 'vsftpd'; Config = @(); Note = '(LIST only, no MFMT; sets times with MDTM time path)' }
    @{ Peer = 'vsftpd'; Config = @('mdtm_write=NO'); Note = '(LIST only, sets no times at all)' }
    @{ Peer = 'pyftpdlib'; Config = @(); Note = '(MLSD, MFMT)' }
) {
    BeforeAll {
        Disconnect-AllFtpLite
        $peerRoot = New-TestFolder -Prefix "ftplite-sync-$Peer"
        $peerServer = Start-PeerServer -Name $Peer -Root $peerRoot -VsftpdConfig $Config
        $session = Connect-FtpLite -Port $peerServer.Port -Credential (Get-PeerCredential) -ErrorAction Stop
        $local = New-TestFolder -Prefix "ftplite-sync-$Peer-local"
        New-SyncTree $local
        $remoteDisk = Join-Path $peerRoot 'www'
    }

    AfterAll {
        Disconnect-AllFtpLite
        Stop-PeerServer $peerServer
    }

    It 'uploads the tree; a second sync transfers nothing' {
        $first = Sync-FtpLiteItem -LiteralPath $local -RemotePath www -Direction Upload -ErrorAction Stop -WarningVariable warnings
        $second = Sync-FtpLiteItem -LiteralPath $local -RemotePath www -Direction Upload -ErrorAction Stop

        Get-TreeText $remoteDisk | Should -BeExactly (Get-TreeText $local)
        (Get-Summary $first).Uploaded | Should -Be 6
        (Get-Summary $second).Uploaded | Should -Be 0
        (Get-Actions $second).SkipReason | Sort-Object -Unique | Should -Be 'Unchanged'
        if ($Peer -eq 'vsftpd') {
            # No MFMT in FEAT: said once, up front; where MDTM cannot set times either, said once more.
            @($warnings | Where-Object Message -Like '*announces no MFMT*') | Should -HaveCount 1
            @($warnings | Where-Object Message -Like '*keep the server''s time*') | Should -HaveCount $(if ($Config) { 1 } else { 0 })
        }
        else {
            $warnings | Should -BeNullOrEmpty
        }
    }

    It 'a file changed locally after the upload is sent again' {
        $file = Get-Item -LiteralPath (Join-Path $local 'index.html')
        [System.IO.File]::WriteAllBytes($file.FullName, (New-TestBytes -Length 1200 -Seed 55))
        $file.LastWriteTimeUtc = [datetime]::UtcNow.AddMinutes(10)

        $output = Sync-FtpLiteItem -LiteralPath $local -RemotePath www -Direction Upload -ErrorAction Stop

        (Get-Actions $output | Where-Object Action -EQ 'Upload').RelativePath | Should -Be 'index.html'
        Get-TreeText $remoteDisk | Should -BeExactly (Get-TreeText $local)
    }

    It 'downloads the tree into a new folder; a second sync transfers nothing' {
        $down = Join-Path (New-TestFolder -Prefix "ftplite-sync-$Peer-down") 'copy'

        $first = Sync-FtpLiteItem -LiteralPath $down -RemotePath www -Direction Download -ErrorAction Stop
        $second = Sync-FtpLiteItem -LiteralPath $down -RemotePath www -Direction Download -ErrorAction Stop

        Get-TreeText $down | Should -BeExactly (Get-TreeText $local)
        (Get-Summary $first).Downloaded | Should -Be 6
        (Get-Summary $second).Downloaded | Should -Be 0
    }

    It 'a remote folder that cannot be listed keeps its local copy from deletion, with a warning' {
        $down = New-TestFolder -Prefix "ftplite-sync-$Peer-locked"
        $null = Sync-FtpLiteItem -LiteralPath $down -RemotePath www -Direction Download -ErrorAction Stop
        $lockedCopy = New-TestFile -Path (Join-Path $down 'locked/kept.txt') -Length 3
        $null = New-TestFile -Path (Join-Path $down 'extra.txt') -Length 3
        $null = New-Item -ItemType Directory -Path (Join-Path $remoteDisk 'locked')
        $null = New-TestFile -Path (Join-Path $remoteDisk 'locked/kept.txt') -Length 3
        # The peer serves as an unprivileged user (vsftpd) or checks the root (pyftpdlib refuses a path whose link
        # leads outside it): each is asked to list a folder it must refuse.
        if ($Peer -eq 'vsftpd') {
            & chmod 000 (Join-Path $remoteDisk 'locked')
        }
        else {
            Remove-Item -LiteralPath (Join-Path $remoteDisk 'locked') -Recurse
            $outside = New-TestFolder -Prefix 'ftplite-sync-outside'
            $null = New-Item -ItemType SymbolicLink -Path (Join-Path $remoteDisk 'locked') -Target $outside
        }

        try {
            $output = Sync-FtpLiteItem -LiteralPath $down -RemotePath www -Direction Download -Delete -Force -ErrorAction Stop -WarningVariable warnings
        }
        finally {
            & chmod 755 (Join-Path $remoteDisk 'locked')
        }

        $lockedCopy.FullName | Should -Exist
        Join-Path $down 'extra.txt' | Should -Not -Exist
        (Get-Summary $output).IncompleteFolders | Should -Be @('locked')
        @($warnings | Where-Object Message -Like "*folder 'locked' could not be listed*") | Should -HaveCount 1
        (Get-Actions $output | Where-Object SkipReason -EQ 'SourceNotListed').RelativePath | Should -Be 'locked/kept.txt'
    }
}
