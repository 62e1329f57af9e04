<#
    Receive-FtpLiteFile: downloads by path and from Get-FtpLiteItem output, -Destination as folder or file
    name, -Force, -WhatIf, -ErrorAction Stop, and the errors. Bytes are compared with Get-FileHash against the
    files in the server's folder.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    $serverRoot = New-TestFolder -Prefix 'ftplite-recv-server'
    $null = New-TestFile -Path (Join-Path $serverRoot 'one.bin') -Length 1 -Seed 1
    $null = New-TestFile -Path (Join-Path $serverRoot 'small.txt') -Length 1500 -Seed 2
    $null = New-TestFile -Path (Join-Path $serverRoot 'large.bin') -Length (2MB + 333) -Seed 3
    $null = New-TestFile -Path (Join-Path $serverRoot 'empty.dat') -Length 0
    $null = New-TestFile -Path (Join-Path $serverRoot 'sub dir/inner [x].txt') -Length 64 -Seed 4
    $stamp = [DateTime]::new(2001, 2, 3, 4, 5, 6, [DateTimeKind]::Utc)
    [System.IO.File]::SetLastWriteTimeUtc((Join-Path $serverRoot 'small.txt'), $stamp)

    $server = Start-TestServer -Root $serverRoot
    $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
    $topFiles = @('empty.dat', 'large.bin', 'one.bin', 'small.txt')

    function Assert-Downloaded {
        param([string] $LocalPath, [string] $RemotePath)
        Test-Path -LiteralPath $LocalPath -PathType Leaf | Should -BeTrue -Because "$LocalPath should exist"
        Get-TestFileHash $LocalPath | Should -Be (Get-TestFileHash (Join-Path $serverRoot $RemotePath.TrimStart('/')))
    }

    function Get-LocalNames {
        param([string] $Folder)
        # -Force: hidden staging files (.ftplite-*.part) count too.
        @(Get-ChildItem -LiteralPath $Folder -Force -Recurse | ForEach-Object Name | Sort-Object)
    }
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'Receive-FtpLiteFile' {
    BeforeEach {
        $target = New-TestFolder -Prefix 'ftplite-recv-local'
    }

    It 'downloads Get-FtpLiteItem output into a -Destination folder, bytes identical' {
        $files = @(Get-FtpLiteItem -ErrorAction Stop | Where-Object { -not $_.IsDirectory } | Receive-FtpLiteFile -Destination $target -ErrorAction Stop)

        $files | ForEach-Object { $_ | Should -BeOfType ([System.IO.FileInfo]) }
        @($files.Name | Sort-Object) | Should -Be $topFiles
        @($files.DirectoryName | Sort-Object -Unique) | Should -Be @($target)
        Get-LocalNames $target | Should -Be $topFiles
        foreach ($name in $topFiles) {
            Assert-Downloaded (Join-Path $target $name) "/$name"
        }
    }

    It 'creates a missing -Destination folder for pipeline input' {
        $folder = Join-Path $target 'new/folder'

        $file = Get-FtpLiteItem one.bin -ErrorAction Stop | Receive-FtpLiteFile -Destination $folder -ErrorAction Stop

        $file.FullName | Should -BeExactly (Join-Path $folder 'one.bin')
        Assert-Downloaded $file.FullName '/one.bin'
    }

    It 'compares equal byte for byte for a file of a few MiB' {
        $file = Receive-FtpLiteFile large.bin -Destination $target -ErrorAction Stop

        $file.Length | Should -Be (2MB + 333)
        $expected = [System.IO.File]::ReadAllBytes((Join-Path $serverRoot 'large.bin'))
        $actual = [System.IO.File]::ReadAllBytes($file.FullName)
        [System.Linq.Enumerable]::SequenceEqual($actual, $expected) | Should -BeTrue
    }

    It 'saves into the current PowerShell location by default, under the remote name' {
        Push-Location -LiteralPath $target
        try {
            $file = Receive-FtpLiteFile small.txt -ErrorAction Stop
        }
        finally {
            Pop-Location
        }

        $file.FullName | Should -BeExactly (Join-Path $target 'small.txt')
        Assert-Downloaded $file.FullName '/small.txt'
    }

    It 'resolves a relative -Destination folder against the current PowerShell location' {
        $null = New-Item -ItemType Directory -Path (Join-Path $target 'rel')
        Push-Location -LiteralPath $target
        try {
            $file = Receive-FtpLiteFile small.txt -Destination rel -ErrorAction Stop
        }
        finally {
            Pop-Location
        }

        $file.FullName | Should -BeExactly (Join-Path $target 'rel/small.txt')
    }

    It 'saves a single file under the name given by -Destination' {
        $file = Receive-FtpLiteFile -Path small.txt -Destination (Join-Path $target 'renamed.txt') -ErrorAction Stop

        $file.Name | Should -BeExactly 'renamed.txt'
        Get-LocalNames $target | Should -Be @('renamed.txt')
        Assert-Downloaded $file.FullName '/small.txt'
    }

    It 'downloads a path with spaces and brackets from a subdirectory' {
        $file = Receive-FtpLiteFile -LiteralPath '/sub dir/inner [x].txt' -Destination $target -ErrorAction Stop

        $file.Name | Should -BeExactly 'inner [x].txt'
        Assert-Downloaded $file.FullName '/sub dir/inner [x].txt'
    }

    It 'downloads an empty file' {
        $file = Receive-FtpLiteFile empty.dat -Destination $target -ErrorAction Stop

        $file.Length | Should -Be 0
        Get-LocalNames $target | Should -Be @('empty.dat')
    }

    It 'outputs the file exactly as Get-Item does, every column of its view filled' {
        $file = Receive-FtpLiteFile small.txt -Destination $target -ErrorAction Stop

        $file.PSPath | Should -BeExactly (Get-Item -LiteralPath $file.FullName).PSPath
        ($file | Out-String) | Should -BeExactly (Get-Item -LiteralPath $file.FullName | Out-String)
        @($file.PSObject.Properties.Name) | Should -Be @((Get-Item -LiteralPath $file.FullName).PSObject.Properties.Name)
    }

    It 'outputs every file of a pipeline exactly as Get-Item does, not only the first (later ones take a quicker way)' {
        $files = @(Get-FtpLiteItem -ErrorAction Stop | Where-Object { -not $_.IsDirectory } | Receive-FtpLiteFile -Destination $target -ErrorAction Stop)

        $files.Count | Should -Be $topFiles.Count
        foreach ($file in $files) {
            $expected = Get-Item -LiteralPath $file.FullName
            @($file.PSObject.Properties.Name) | Should -Be @($expected.PSObject.Properties.Name) -Because $file.Name
            $file.PSDrive | Should -Be $expected.PSDrive -Because $file.Name
            $file.PSPath | Should -BeExactly $expected.PSPath
            $file.PSParentPath | Should -BeExactly $expected.PSParentPath
            ($file | Format-List | Out-String) | Should -BeExactly ($expected | Format-List | Out-String)
        }
        ($files | Out-String) | Should -BeExactly ($files.FullName | ForEach-Object { Get-Item -LiteralPath $_ } | Out-String)
    }

    It 'keeps the remote modification time' {
        $file = Receive-FtpLiteFile small.txt -Destination $target -ErrorAction Stop

        (Get-Item -LiteralPath $file.FullName).LastWriteTimeUtc | Should -Be $stamp
    }

    It 'uses the session attached to piped items, not the default one' {
        $otherRoot = New-TestFolder -Prefix 'ftplite-recv-other'
        $null = New-TestFile -Path (Join-Path $otherRoot 'small.txt') -Length 9 -Seed 77
        $other = Start-TestServer -Root $otherRoot
        $items = @(Get-FtpLiteItem small.txt -Session $session -ErrorAction Stop)
        $otherSession = Connect-FtpLite -Port $other.Port -ErrorAction Stop
        try {
            # The default session is now the other server's; the item remembers where it came from.
            $file = $items | Receive-FtpLiteFile -Destination $target -ErrorAction Stop
        }
        finally {
            Disconnect-FtpLite -Session $otherSession
        }

        Assert-Downloaded $file.FullName '/small.txt'
        $file.Length | Should -Be 1500
    }

    Context 'a missing remote file' {
        It 'reports FtpLite.RemoteItemNotFound and leaves no local file' {
            $output = Receive-FtpLiteFile -Path missing.txt -Destination $target -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failures[0].TargetObject | Should -BeExactly 'missing.txt'
            Get-LocalNames $target | Should -BeNullOrEmpty
        }

        It 'leaves no file under the name given by -Destination' {
            $null = Receive-FtpLiteFile -Path missing.txt -Destination (Join-Path $target 'wanted.txt') -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand'
            Get-LocalNames $target | Should -BeNullOrEmpty
        }

        It 'creates no destination folder: <Case>' -ForEach @(
            @{ Case = 'a folder path'; Destination = 'new-folder/' }
            @{ Case = 'a file in new folders'; Destination = 'new-folder/deeper/wanted.txt' }
        ) {
            $null = Receive-FtpLiteFile -Path missing.txt -Destination (Join-Path $target $Destination) -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand'
            Join-Path $target 'new-folder' | Should -Not -Exist
        }

        It 'removes the folders it created when the download itself fails, and keeps those that were there' {
            # The server loses the file between the listing and the download.
            $listed = Get-FtpLiteItem one.bin -ErrorAction Stop
            Move-Item -LiteralPath (Join-Path $serverRoot 'one.bin') -Destination (Join-Path $serverRoot 'moved.bin')
            try {
                $listed | Receive-FtpLiteFile -Destination (Join-Path $target 'made/for/it') -ErrorAction SilentlyContinue -ErrorVariable failures
            }
            finally {
                Move-Item -LiteralPath (Join-Path $serverRoot 'moved.bin') -Destination (Join-Path $serverRoot 'one.bin')
            }

            $failures | Should -HaveCount 1
            Join-Path $target 'made' | Should -Not -Exist
            $target | Should -Exist
        }

        It 'does not stop the other downloads of the pipeline' {
            $files = @('missing.txt', 'one.bin' | Receive-FtpLiteFile -Destination $target -ErrorAction SilentlyContinue -ErrorVariable failures)

            $failures | Should -HaveCount 1
            $files.Name | Should -Be @('one.bin')
            Get-LocalNames $target | Should -Be @('one.bin')
        }

        It 'stops the pipeline with -ErrorAction Stop: the failure is terminating' {
            $failure = { 'missing.txt', 'one.bin' | Receive-FtpLiteFile -Destination $target -ErrorAction Stop } | Should -Throw -PassThru

            $failure.FullyQualifiedErrorId | Should -BeExactly 'FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand'
            Get-LocalNames $target | Should -BeNullOrEmpty
        }
    }

    Context 'an existing local file' {
        BeforeEach {
            $existing = New-TestFile -Path (Join-Path $target 'small.txt') -Length 10 -Seed 55
            $localHash = Get-TestFileHash $existing.FullName
        }

        It 'is kept without -Force: FtpLite.DestinationExists' {
            $output = Receive-FtpLiteFile small.txt -Destination $target -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.DestinationExists,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            Get-TestFileHash $existing.FullName | Should -Be $localHash
            Get-LocalNames $target | Should -Be @('small.txt')
        }

        It 'is kept without -Force when named by -Destination' {
            $null = Receive-FtpLiteFile one.bin -Destination $existing.FullName -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.DestinationExists,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand'
            Get-TestFileHash $existing.FullName | Should -Be $localHash
        }

        It 'is replaced with -Force' {
            $file = Receive-FtpLiteFile small.txt -Destination $target -Force -ErrorAction Stop

            $file.FullName | Should -BeExactly $existing.FullName
            Assert-Downloaded $existing.FullName '/small.txt'
            Get-LocalNames $target | Should -Be @('small.txt')
        }
    }

    Context 'a -Destination of another provider' {
        It 'reports FtpLite.InvalidArgument for Env:' {
            $output = Receive-FtpLiteFile small.txt -Destination 'Env:FTPLITE_TEST' -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.InvalidArgument,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand'
            Test-Path Env:FTPLITE_TEST | Should -BeFalse
        }
    }

    Context 'a remote directory' {
        It 'recreates a piped directory, like Copy-Item without -Recurse, and downloads the files next to it' {
            $files = @(Get-FtpLiteItem -ErrorAction Stop | Receive-FtpLiteFile -Destination $target -ErrorAction SilentlyContinue -ErrorVariable failures)

            $failures | Should -HaveCount 0
            @($files.Name | Sort-Object) | Should -Be $topFiles
            Join-Path $target 'sub dir' | Should -Exist
            @(Get-ChildItem -LiteralPath (Join-Path $target 'sub dir')) | Should -HaveCount 0
        }

        It 'reports FtpLite.WrongItemType for a directory path without -Recurse' {
            Receive-FtpLiteFile -LiteralPath '/sub dir' -Destination $target -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.WrongItemType,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand'
            "$($failures[0])" | Should -BeLike "*'/sub dir' is a folder; add -Recurse*"
        }

        It 'says so, with the hint, under -WhatIf too, and creates no destination folder' {
            Receive-FtpLiteFile -LiteralPath '/sub dir' -Destination (Join-Path $target 'new/') -WhatIf -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.WrongItemType,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand'
            "$($failures[0])" | Should -BeLike '*add -Recurse*'
            Join-Path $target 'new' | Should -Not -Exist
        }
    }

    Context '-WhatIf' {
        It 'downloads nothing and outputs nothing' {
            $output = Get-FtpLiteItem -ErrorAction Stop | Where-Object { -not $_.IsDirectory } | Receive-FtpLiteFile -Destination $target -WhatIf

            $output | Should -BeNullOrEmpty
            Get-LocalNames $target | Should -BeNullOrEmpty
        }

        It 'creates no destination folder' {
            $folder = Join-Path $target 'not-yet'

            Receive-FtpLiteFile one.bin -Destination "$folder/" -WhatIf
            Get-FtpLiteItem small.txt -ErrorAction Stop | Receive-FtpLiteFile -Destination $folder -WhatIf

            $folder | Should -Not -Exist
        }

        It 'replaces nothing with -Force' {
            $existing = New-TestFile -Path (Join-Path $target 'small.txt') -Length 10 -Seed 55
            $hash = Get-TestFileHash $existing.FullName

            Receive-FtpLiteFile small.txt -Destination $target -Force -WhatIf

            Get-TestFileHash $existing.FullName | Should -Be $hash
        }
    }

    Context '-PreserveTime against a server that lists with LIST' {
        It 'gives a listed file the exact second from MDTM, and the listing''s minute without it' {
            $peerRoot = New-TestFolder -Prefix 'ftplite-receive-vsftpd'
            $into = New-TestFolder -Prefix 'ftplite-receive-times'
            $remoteTime = [DateTime]::UtcNow.Date.AddDays(-10).AddHours(3).AddMinutes(4).AddSeconds(37)
            $null = New-TestFile -Path (Join-Path $peerRoot 'listed.bin') -Length 100
            [System.IO.File]::SetLastWriteTimeUtc((Join-Path $peerRoot 'listed.bin'), $remoteTime)
            $peer = Start-PeerServer -Name vsftpd -Root $peerRoot
            $peerSession = Connect-FtpLite -Port $peer.Port -Credential (Get-PeerCredential) -ErrorAction Stop
            try {
                $plain = Get-FtpLiteItem -Path / -Session $peerSession | Receive-FtpLiteFile -Destination (Join-Path $into 'plain/') -ErrorAction Stop
                $exact = Get-FtpLiteItem -Path / -Session $peerSession | Receive-FtpLiteFile -Destination (Join-Path $into 'exact/') -PreserveTime -ErrorAction Stop
            }
            finally {
                Disconnect-FtpLite -Session $peerSession
                $peer.Process.Kill($true)
                $null = $peer.Process.WaitForExit(10000)
            }

            $plain.LastWriteTimeUtc | Should -Be $remoteTime.AddSeconds(-37)
            $exact.LastWriteTimeUtc | Should -Be $remoteTime
        }
    }
}
