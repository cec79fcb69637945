// The scenario and lab files of topic "labs-kernel-and-vms" (see play-files.ts), played in their own test file.
import { playTopic } from './play-files.ts'

playTopic('labs-kernel-and-vms')
